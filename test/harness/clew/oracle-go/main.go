// Command oracle-go lists what Go's own parser (go/ast) finds in Go source files, as the keys the
// Clew oracle test (oracle-go.test.ts) compares with Clew's extraction: functions and methods (the
// receiver's base type as owner, interface methods owned by their interface), their parameters
// with type text and their results, type declarations (top-level and local) with their kind and
// struct fields, and imports, each with its line. Output: one JSON object, file path → keys.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"strconv"
	"strings"
)

type lister struct {
	fset *token.FileSet
	src  []byte
	keys []string
}

func (l *lister) line(p token.Pos) int { return l.fset.Position(p).Line }

// text is the source of a node as written.
func (l *lister) text(n ast.Node) string {
	return string(l.src[l.fset.Position(n.Pos()).Offset:l.fset.Position(n.End()).Offset])
}

func (l *lister) add(format string, args ...any) {
	l.keys = append(l.keys, fmt.Sprintf(format, args...))
}

// params renders a parameter list as name:type, one entry per name (`a, b int` is two); an
// unnamed parameter is `_`, a variadic one `...name:element`.
func (l *lister) params(list *ast.FieldList) string {
	var out []string
	if list == nil {
		return ""
	}
	for _, field := range list.List {
		typ, dots := field.Type, ""
		if e, ok := typ.(*ast.Ellipsis); ok {
			typ, dots = e.Elt, "..."
		}
		if len(field.Names) == 0 {
			out = append(out, fmt.Sprintf("%s_:%s", dots, l.text(typ)))
		}
		for _, name := range field.Names {
			out = append(out, fmt.Sprintf("%s%s:%s", dots, name.Name, l.text(typ)))
		}
	}
	return strings.Join(out, ",")
}

// results is one unnamed result's type (parenthesised or not), or the parenthesised list as written.
func (l *lister) results(list *ast.FieldList) (string, bool) {
	if list == nil || len(list.List) == 0 {
		return "", false
	}
	if len(list.List) == 1 && len(list.List[0].Names) == 0 {
		return l.text(list.List[0].Type), true
	}
	return l.text(list), true
}

func (l *lister) function(owner, name string, pos token.Pos, typ *ast.FuncType) {
	key := fmt.Sprintf("%s.%s@%d", owner, name, l.line(pos))
	l.add("function %s", key)
	l.add("params %s(%s)", key, l.params(typ.Params))
	if results, ok := l.results(typ.Results); ok {
		l.add("results %s %s", key, results)
	}
}

// receiverType is the base type name of a method's receiver: `*List` and `Set[T]` are List and Set.
func receiverType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

func (l *lister) typeSpec(spec *ast.TypeSpec) {
	key := fmt.Sprintf("%s@%d", spec.Name.Name, l.line(spec.Pos()))
	switch t := spec.Type.(type) {
	case *ast.StructType:
		l.add("type %s struct", key)
		var fields []string
		for _, field := range t.Fields.List {
			// a field tagged json:"-" is never serialised, as encoding/json reads the tag
			if field.Tag != nil {
				if tag, err := strconv.Unquote(field.Tag.Value); err == nil && reflect.StructTag(tag).Get("json") == "-" {
					continue
				}
			}
			if len(field.Names) == 0 {
				// an embedded field: the Go spec names it by its type's unqualified name (T, *T, pkg.T)
				fields = append(fields, embeddedName(field.Type))
			}
			for _, name := range field.Names {
				fields = append(fields, name.Name)
			}
		}
		l.add("fields %s(%s)", key, strings.Join(fields, ","))
	case *ast.InterfaceType:
		l.add("type %s interface", key)
		for _, method := range t.Methods.List {
			if fn, ok := method.Type.(*ast.FuncType); ok && len(method.Names) == 1 {
				l.function(spec.Name.Name, method.Names[0].Name, method.Pos(), fn)
			}
		}
	default:
		// a defined type (type T int) and an alias (type T = int) alike
		l.add("type %s type_alias", key)
	}
}

func main() {
	out := map[string][]string{}
	for _, path := range os.Args[1:] {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		l := &lister{fset: token.NewFileSet(), src: src, keys: []string{}}
		file, err := parser.ParseFile(l.fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for _, imp := range file.Imports {
			module, _ := strconv.Unquote(imp.Path.Value)
			l.add("import %s@%d", module, l.line(imp.Path.Pos()))
		}
		// functions are declared at the top level only; types anywhere, local ones in function bodies too
		ast.Inspect(file, func(n ast.Node) bool {
			switch d := n.(type) {
			case *ast.FuncDecl:
				owner := ""
				if d.Recv != nil && len(d.Recv.List) == 1 {
					owner = receiverType(d.Recv.List[0].Type)
				}
				l.function(owner, d.Name.Name, d.Pos(), d.Type)
			case *ast.TypeSpec:
				l.typeSpec(d)
			}
			return true
		})
		out[path] = l.keys
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

// embeddedName is the field name the Go spec gives an embedded field: its type's unqualified name.
func embeddedName(t ast.Expr) string {
	switch e := t.(type) {
	case *ast.StarExpr:
		return embeddedName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.IndexExpr:
		return embeddedName(e.X)
	case *ast.IndexListExpr:
		return embeddedName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return "?"
}
