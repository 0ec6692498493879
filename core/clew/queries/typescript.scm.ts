// Tree-sitter query for TypeScript (and TSX): capture names follow the grammars' tags.scm
// convention (@definition.*, @name); core/clew/extract.ts documents every role.
export default String.raw`
; ---- functions and methods
(function_declaration
  "async"? @async
  name: (identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  parameters: (formal_parameters) @parameters
  return_type: (type_annotation (_) @return_type)?) @definition.function

(generator_function_declaration
  "async"? @async
  name: (identifier) @name
  parameters: (formal_parameters) @parameters
  return_type: (type_annotation (_) @return_type)?) @definition.function

(function_signature
  name: (identifier) @name
  parameters: (formal_parameters) @parameters
  return_type: (type_annotation (_) @return_type)?) @definition.function

(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [
      (arrow_function "async"? @async parameters: (formal_parameters) @parameters return_type: (type_annotation (_) @return_type)?)
      (function_expression "async"? @async parameters: (formal_parameters) @parameters return_type: (type_annotation (_) @return_type)?)
    ])) @definition.function

(class_declaration
  name: (type_identifier) @owner
  body: (class_body
    [(method_definition
      (accessibility_modifier)? @visibility
      "async"? @async
      name: (_) @name
      parameters: (formal_parameters) @parameters
      return_type: (type_annotation (_) @return_type)?)
     (method_signature
      (accessibility_modifier)? @visibility
      name: (_) @name
      parameters: (formal_parameters) @parameters
      return_type: (type_annotation (_) @return_type)?)] @definition.method))

(abstract_class_declaration
  name: (type_identifier) @owner
  body: (class_body
    [(method_definition
      (accessibility_modifier)? @visibility
      "async"? @async
      name: (_) @name
      parameters: (formal_parameters) @parameters
      return_type: (type_annotation (_) @return_type)?)
     (abstract_method_signature
      (accessibility_modifier)? @visibility
      name: (_) @name
      parameters: (formal_parameters) @parameters
      return_type: (type_annotation (_) @return_type)?)
     (method_signature
      (accessibility_modifier)? @visibility
      name: (_) @name
      parameters: (formal_parameters) @parameters
      return_type: (type_annotation (_) @return_type)?)] @definition.method))

(interface_declaration
  name: (type_identifier) @owner
  body: (interface_body
    (method_signature
      name: (_) @name
      parameters: (formal_parameters) @parameters
      return_type: (type_annotation (_) @return_type)?) @definition.method))

; ---- type declarations
(interface_declaration
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  body: (interface_body) @body) @definition.interface

(class_declaration
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  body: (class_body) @body) @definition.class

(abstract_class_declaration
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  body: (class_body) @body) @definition.class

(type_alias_declaration
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  value: (_) @alias) @definition.type_alias

(enum_declaration
  name: (identifier) @name
  body: (enum_body) @body) @definition.enum

; ---- imports
(import_statement
  (import_clause (identifier) @import.name)
  source: (string (string_fragment) @import.module)) @import

(import_statement
  (import_clause (namespace_import (identifier) @import.name))
  source: (string (string_fragment) @import.module)) @import

(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name alias: (_)? @import.local)))
  source: (string (string_fragment) @import.module)) @import

(import_statement
  "import" .
  source: (string (string_fragment) @import.module)) @import

; ---- export clauses: \`export { A, B }\` and \`export type { C }\` export declarations made above
(export_statement !source (export_clause (export_specifier name: (identifier) @export.name))) @export

; ---- error handling
(try_statement handler: (catch_clause)) @error.try_catch
(try_statement finalizer: (finally_clause)) @error.try_finally
(throw_statement) @error.throw
(call_expression
  function: (member_expression property: (property_identifier) @_catch)
  (#eq? @_catch "catch")) @error.promise_catch

; ---- async
(await_expression) @async.await

; ---- type-safety signals
((predefined_type) @type_safety.any (#any-of? @type_safety.any "any" "unknown"))
(union_type (literal_type [(null) (undefined)])) @type_safety.nullable
(optional_parameter) @type_safety.optional_parameter
(non_null_expression) @type_safety.non_null_assertion
(as_expression (predefined_type) @_t (#eq? @_t "any")) @type_safety.any_cast

; ---- naming (functions, types, fields and parameters come from the definitions above)
(program (lexical_declaration kind: "const" (variable_declarator name: (identifier) @naming.constant value: [(string) (number) (template_string) (true) (false) (array) (object) (regex) (unary_expression)])))
(program (export_statement (lexical_declaration kind: "const" (variable_declarator name: (identifier) @naming.constant value: [(string) (number) (template_string) (true) (false) (array) (object) (regex) (unary_expression)]))))
(statement_block (lexical_declaration (variable_declarator name: (identifier) @naming.variable)))
(statement_block (variable_declaration (variable_declarator name: (identifier) @naming.variable)))

; ---- security
(call_expression function: (identifier) @callee.property arguments: (arguments) @arguments
  (#any-of? @callee.property "eval" "exec" "execSync")) @security.call
(call_expression
  function: (member_expression object: (identifier) @callee.object property: (property_identifier) @callee.property)
  arguments: (arguments) @arguments
  (#any-of? @callee.property "exec" "execSync" "eval")) @security.call
(new_expression constructor: (identifier) @callee.property arguments: (arguments)? @arguments
  (#eq? @callee.property "Function")) @security.new_function
(variable_declarator name: (identifier) @name value: [(string) (template_string)] @value) @security.secret
(assignment_expression left: [(identifier) @name (member_expression property: (property_identifier) @name)] right: [(string) (template_string)] @value) @security.secret
(pair key: [(property_identifier) (string)] @name value: [(string) (template_string)] @value) @security.secret
(public_field_definition name: (property_identifier) @name value: [(string) (template_string)] @value) @security.secret

; ---- test assertions
(call_expression
  function: (member_expression
    object: (call_expression function: (identifier) @_expect)
    property: (property_identifier) @assert.method)
  (#eq? @_expect "expect")) @test.assertion
(call_expression
  function: (member_expression
    object: (member_expression object: (call_expression function: (identifier) @_expect) property: (property_identifier))
    property: (property_identifier) @assert.method)
  (#eq? @_expect "expect")) @test.assertion
(call_expression function: (identifier) @assert.method (#eq? @assert.method "assert")) @test.assertion
(call_expression
  function: (member_expression object: (identifier) @_assert property: (property_identifier) @assert.method)
  (#eq? @_assert "assert")) @test.assertion
`;
