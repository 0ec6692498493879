// Tree-sitter query for Python: capture names follow the grammars' tags.scm convention;
// core/clew/records.ts documents every role.
export default String.raw`
; ---- functions and methods (the enclosing class, if any, is found in languages/python.ts)
(function_definition
  "async"? @async
  name: (identifier) @name
  parameters: (parameters) @parameters
  return_type: (_)? @return_type) @definition.function

; ---- classes (a @dataclass decorator makes it a dataclass, see languages/python.ts)
(class_definition
  name: (identifier) @name
  type_parameters: (type_parameter)? @type_parameters
  body: (block) @body) @definition.class

; ---- module-level type aliases: X = Literal[...], X: TypeAlias = ..., type X = ..., NewType, functional
; TypedDict/NamedTuple (languages/python.ts keeps the assignments whose value reads as a type). Rooted at
; the module, because only its direct children can be aliases: the match's root is a node every run queries.
(module (expression_statement (assignment left: (identifier) @name right: (_) @alias))) @definition.type_alias
(module (type_alias_statement left: (type (identifier) @name) right: (type) @alias)) @definition.type_alias

; ---- imports
(import_statement name: (dotted_name) @import.module) @import
(import_statement name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.local)) @import
(import_from_statement module_name: (_) @import.module name: (dotted_name) @import.name) @import
(import_from_statement module_name: (_) @import.module name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.local)) @import
(import_from_statement module_name: (_) @import.module (wildcard_import)) @import
(future_import_statement "__future__" @import.module name: (dotted_name) @import.name) @import

; ---- error handling
(try_statement (except_clause)) @error.try_except
(try_statement (finally_clause)) @error.try_finally
(raise_statement) @error.raise
(with_statement) @error.with_context

; ---- async
(await) @async.await
(with_statement "async") @async.async_with
(for_statement "async") @async.async_with

; ---- type-safety signals
; Any is a plain name: Clew finds it in the normalised annotations instead (constraints.ts)
((type (generic_type (identifier) @_o)) @type_safety.optional (#eq? @_o "Optional"))
(type (binary_operator right: (none))) @type_safety.nullable
((comment) @type_safety.type_ignore (#match? @type_safety.type_ignore "^#\\s*type:\\s*ignore"))

; ---- naming (module-level literal assignments are constants, function-level ones variables: see languages/python.ts)
(assignment left: (identifier) @naming.binding)

; ---- calls (what they mean is in languages/python.ts: callRoles and securityCalls)
(call function: (identifier) @callee.property arguments: (argument_list)) @call
(call function: (attribute object: (identifier) @callee.object attribute: (identifier) @callee.property) arguments: (argument_list)) @call

; ---- security
(assignment left: [(identifier) @name (attribute attribute: (identifier) @name)] right: (string) @value) @security.secret
(keyword_argument name: (identifier) @name value: (string) @value) @security.secret
(pair key: (string) @name value: (string) @value) @security.secret

; ---- test assertions
(assert_statement) @test.assertion
`;
