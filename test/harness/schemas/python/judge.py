"""Python's own judgement of JSON values for the schema oracle (run with Debian's /usr/bin/python3).

  judge.py generate   stdin {"modules": [...], "seed": n, "instances": k}
                      -> the data types each module declares, with features and serialized instances
  judge.py judge      stdin {"cases": [{"module", "name", "value"}]} -> {"verdicts": [true|false, ...]}

A type is judged when the standard library writes its values as JSON: dataclasses (dataclasses.asdict),
NamedTuples (tuples), TypedDicts (dicts), enums (their .value, as pydantic and most encoders do) and
module-level aliases of those, every type they reach declared in the same module.

A value is valid when the program can read it back into the type and writing that object again gives
every member of the value unchanged: strict reading (an int is not a bool, an enum value must be a
member's), dataclass fields and NamedTuple items with defaults may be missing (the constructor fills
them in), a TypedDict's optional keys may be missing (__required_keys__), nothing else may.
"""
import ast
import dataclasses
import enum
import importlib
import json
import random
import sys
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin


class Unsupported(Exception):
    """The type has values json.dumps cannot write (sets, bytes, datetimes, plain classes, callables…)."""


class Invalid(Exception):
    """The value is not one the type can be read from."""


def hints(cls):
    try:
        return typing.get_type_hints(cls)
    except NameError as e:
        # names imported only under TYPE_CHECKING
        raise Unsupported(f'annotations do not resolve at run time ({e})')


def is_named_tuple(tp):
    return isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, '_fields')


def is_data_class(tp):
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def is_enum(tp):
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def is_alias(value):
    return get_origin(value) is not None or hasattr(value, '__supertype__')


SEQUENCES = (list, typing.List, typing.Sequence, typing.MutableSequence, __import__('collections.abc').abc.Sequence,
             __import__('collections.abc').abc.MutableSequence)
MAPPINGS = (dict, typing.Dict, typing.Mapping, typing.MutableMapping, __import__('collections.abc').abc.Mapping,
            __import__('collections.abc').abc.MutableMapping)


def check(tp, module, seen):
    """Raises Unsupported unless every value of the type is JSON and every type it reaches is the module's own."""
    if tp in (int, float, str, bool, type(None), Any, None):
        return
    if id(tp) in seen:
        return
    seen.add(id(tp))
    if hasattr(tp, '__supertype__'):
        return check(tp.__supertype__, module, seen)
    origin = get_origin(tp)
    if origin is Literal:
        return
    if origin in (Union, types.UnionType):
        for a in get_args(tp):
            check(a, module, seen)
        return
    if origin in SEQUENCES or origin is tuple:
        args = [a for a in get_args(tp) if a is not Ellipsis]
        if not args:
            raise Unsupported(f'{tp} without item type')
        for a in args:
            check(a, module, seen)
        return
    if origin in MAPPINGS:
        key, value = get_args(tp) or (None, None)
        if key is not str:
            raise Unsupported(f'{tp}: keys other than str')
        return check(value, module, seen)
    if isinstance(tp, type) and (is_enum(tp) or is_data_class(tp) or is_named_tuple(tp) or typing.is_typeddict(tp)):
        if tp.__module__ != module:
            raise Unsupported(f'reaches {tp.__module__}.{tp.__qualname__}, declared in another module')
        if getattr(tp, '__parameters__', ()):
            raise Unsupported('generic')
        if is_enum(tp):
            if len(tp) == 0:
                raise Unsupported('an enum without members (a base for enums) has no values')
            for m in tp:
                json.dumps(to_jsonable(m))
            return
        for h in hints(tp).values():
            check(h, module, seen)
        return
    raise Unsupported(f'{tp!r} is not JSON data')


def generate(tp, rnd, depth=0):
    if tp is Any:
        return rnd.choice([1, 'any', [True]])
    if tp is type(None) or tp is None:
        return None
    if tp is bool:
        return rnd.random() < 0.5
    if tp is int:
        return rnd.choice([0, 7, -3, 1024])
    if tp is float:
        return rnd.choice([0.5, 7.0, -2.25])
    if tp is str:
        return rnd.choice(['alpha', '', 'x-1'])
    if hasattr(tp, '__supertype__'):
        return generate(tp.__supertype__, rnd, depth)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        return rnd.choice(args)
    if origin in (Union, types.UnionType):
        leaves = [a for a in args if get_origin(a) is None and not is_data_class(a) and not is_named_tuple(a)] if depth > 3 else []
        return generate(rnd.choice(leaves or list(args)), rnd, depth)
    if origin in SEQUENCES:
        return [generate(args[0], rnd, depth + 1) for _ in range(0 if depth > 3 else rnd.randint(0, 2))]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(generate(args[0], rnd, depth + 1) for _ in range(0 if depth > 3 else rnd.randint(0, 2)))
        return tuple(generate(a, rnd, depth + 1) for a in args if a != ())
    if origin in MAPPINGS:
        return {k: generate(args[1], rnd, depth + 1) for k in rnd.sample(['k1', 'k2'], 0 if depth > 3 else rnd.randint(0, 2))}
    if is_enum(tp):
        return rnd.choice(list(tp))
    if is_data_class(tp):
        kwargs = {}
        h = hints(tp)
        for f in dataclasses.fields(tp):
            if not f.init:
                continue
            has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
            if has_default and (depth > 3 or rnd.random() < 0.5):
                continue
            kwargs[f.name] = generate(h[f.name], rnd, depth + 1)
        return tp(**kwargs)
    if is_named_tuple(tp):
        h = hints(tp)
        return tp(*[generate(h.get(name, Any), rnd, depth + 1) for name in tp._fields])
    if typing.is_typeddict(tp):
        h = hints(tp)
        return {k: generate(h[k], rnd, depth + 1) for k in h
                if k in tp.__required_keys__ or (depth <= 3 and rnd.random() < 0.5)}
    raise Unsupported(repr(tp))


def to_jsonable(value):
    """The value as the program writes it: asdict for dataclasses, .value for enums, lists for tuples."""
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {to_jsonable(k) if isinstance(k, enum.Enum) else k: to_jsonable(v) for k, v in value.items()}
    return value


def serialize(value):
    return json.dumps(to_jsonable(value))


# JSON's own kinds, strictly: a bool is no int, an int is a float's value
PRIMITIVES = {
    type(None): lambda v: v is None,
    bool: lambda v: type(v) is bool,
    int: lambda v: type(v) is int,
    float: lambda v: type(v) in (int, float),
    str: lambda v: type(v) is str,
}


def read(tp, v):
    """The object a JSON value reads back into (strictly), or Invalid."""
    if tp is Any:
        return v
    if tp is None:
        tp = type(None)
    if tp in PRIMITIVES:
        if PRIMITIVES[tp](v):
            return v
        raise Invalid(f'not a {tp.__name__}')
    if hasattr(tp, '__supertype__'):
        return read(tp.__supertype__, v)
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        if any(type(a) is type(v) and a == v for a in args):
            return v
        raise Invalid('not one of the literals')
    if origin in (Union, types.UnionType):
        for a in args:
            try:
                return read(a, v)
            except Invalid:
                pass
        raise Invalid('no member of the union')
    if origin in SEQUENCES:
        if not isinstance(v, list):
            raise Invalid('not a list')
        return [read(args[0], x) for x in v]
    if origin is tuple:
        if not isinstance(v, list):
            raise Invalid('not an array')
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(read(args[0], x) for x in v)
        items = [a for a in args if a != ()]
        if len(v) != len(items):
            raise Invalid('tuple length')
        return tuple(read(a, x) for a, x in zip(items, v))
    if origin in MAPPINGS:
        if not isinstance(v, dict):
            raise Invalid('not an object')
        return {k: read(args[1], x) for k, x in v.items()}
    if is_enum(tp):
        for m in tp:
            if type(to_jsonable(m)) is type(v) and to_jsonable(m) == v:
                return m
        raise Invalid('no member has this value')
    if is_data_class(tp):
        if not isinstance(v, dict):
            raise Invalid('not an object')
        h = hints(tp)
        fields = {f.name: f for f in dataclasses.fields(tp) if f.init}
        if not set(v) <= set(fields):
            raise Invalid('unknown field')
        for name, f in fields.items():
            if name not in v and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise Invalid(f'missing {name}')
        try:
            return tp(**{k: read(h[k], x) for k, x in v.items()})
        except (TypeError, ValueError, AssertionError) as e:
            raise Invalid(str(e))
    if is_named_tuple(tp):
        if not isinstance(v, list):
            raise Invalid('not an array')
        h = hints(tp)
        if len(v) > len(tp._fields) or len(v) < len(tp._fields) - len(tp._field_defaults):
            raise Invalid('tuple length')
        return tp(*[read(h.get(name, Any), x) for name, x in zip(tp._fields, v)])
    if typing.is_typeddict(tp):
        if not isinstance(v, dict):
            raise Invalid('not an object')
        h = hints(tp)
        if not set(v) <= set(h) or not tp.__required_keys__ <= set(v):
            raise Invalid('keys')
        return {k: read(h[k], x) for k, x in v.items()}
    raise Invalid(f'cannot read {tp!r}')


def same_members(value, written):
    """Every member of the value is written back unchanged (members the reader filled in may be added)."""
    if isinstance(value, dict):
        return isinstance(written, dict) and all(k in written and same_members(x, written[k]) for k, x in value.items())
    if isinstance(value, list):
        return isinstance(written, list) and len(value) == len(written) and all(same_members(a, b) for a, b in zip(value, written))
    if isinstance(value, bool) or isinstance(written, bool):
        return type(value) is type(written) and value == written
    return value == written and (value is None) == (written is None)


def valid(tp, value):
    try:
        obj = read(tp, value)
    except Invalid:
        return False
    return same_members(value, json.loads(serialize(obj)))


def features(tp, name, module_source_aliases):
    out = set()
    if name in module_source_aliases:
        out.add('module alias')
        if hasattr(tp, '__supertype__'):
            out.add('NewType')
    if is_enum(tp):
        kind = 'Flag' if issubclass(tp, enum.Flag) else 'IntEnum' if issubclass(tp, int) else 'StrEnum' if issubclass(tp, str) else 'Enum'
        out.add(f'enum ({kind})')
        if getattr(tp, '_new_member_', object.__new__) not in (object.__new__, int.__new__, str.__new__):
            out.add('enum value set by __new__')
        return out
    pending, seen = [tp], set()
    while pending:
        t = pending.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        origin = get_origin(t)
        if origin is Literal:
            out.add('Literal')
        elif origin in (Union, types.UnionType):
            args = get_args(t)
            out.add('Optional' if type(None) in args else 'Union')
            pending.extend(args)
        elif origin in SEQUENCES:
            out.add('list')
            pending.extend(get_args(t))
        elif origin is tuple:
            out.add('tuple')
            pending.extend(a for a in get_args(t) if a is not Ellipsis)
        elif origin in MAPPINGS:
            out.add('dict')
            pending.extend(get_args(t))
        elif is_enum(t) and t is not tp:
            out.add('enum field')
        elif is_data_class(t):
            out.add('dataclass' if t is tp else 'nested dataclass')
            if any(dataclasses.is_dataclass(b) for b in t.__mro__[1:]):
                out.add('dataclass inheritance')
            h = hints(t)
            for f in dataclasses.fields(t):
                has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
                if has_default:
                    out.add('field default')
                elif type(None) in get_args(h[f.name]):
                    out.add('Optional without default')
            pending.extend(h.values())
        elif is_named_tuple(t):
            out.add('NamedTuple' if t is tp else 'nested NamedTuple')
            pending.extend(hints(t).values())
        elif typing.is_typeddict(t):
            out.add('TypedDict')
            if not t.__total__:
                out.add('TypedDict total=False')
            if (t.__total__ and t.__optional_keys__) or (not t.__total__ and t.__required_keys__):
                out.add('Required/NotRequired')
            if any(typing.is_typeddict(b) for b in getattr(t, '__orig_bases__', ())):
                out.add('TypedDict inheritance')
            pending.extend(hints(t).values())
    return out or {'plain'}


def module_names(module):
    """Classes a module's source declares and names it assigns at its top level (candidates for aliases)."""
    tree = ast.parse(open(module.__file__, encoding='utf-8').read())
    classes, names = set(), set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes.add(node.name)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names.add(node.targets[0].id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names.add(node.target.id)
    return classes, names


def generate_all(request):
    rnd = random.Random(request['seed'])
    out = []
    for modname in request['modules']:
        module = importlib.import_module(modname)
        classes, aliases = module_names(module)
        for name, value in sorted(vars(module).items()):
            declared_here = name in classes and isinstance(value, type) and value.__module__ == modname and value.__qualname__ == name
            if not (declared_here and (is_enum(value) or is_data_class(value) or is_named_tuple(value) or typing.is_typeddict(value))) \
                    and not (name in aliases and is_alias(value)):
                continue
            entry = {'module': modname, 'name': name}
            try:
                check(value, modname, set())
                entry['features'] = sorted(features(value, name, aliases))
                entry['instances'] = [serialize(generate(value, rnd)) for _ in range(request['instances'])]
            except (Unsupported, TypeError, ValueError, RecursionError, AssertionError) as e:
                # AssertionError, ValueError: __post_init__ validates values a JSON Schema cannot describe
                entry['skipped'] = f'{type(e).__name__}: {e}'.split('\n')[0][:200]
            out.append(entry)
    return {'types': out, 'version': sys.version.split()[0]}


def judge_all(request):
    verdicts = []
    for case in request['cases']:
        tp = getattr(importlib.import_module(case['module']), case['name'])
        verdicts.append(valid(tp, case['value']))
    return {'verdicts': verdicts}


if __name__ == '__main__':
    sys.setrecursionlimit(5000)
    request = json.load(sys.stdin)
    print(json.dumps(generate_all(request) if sys.argv[1] == 'generate' else judge_all(request)))
