// Tree-sitter query for TypeScript (and TSX): capture names follow the grammars' tags.scm
// convention (@definition.*, @name); core/clew/records.ts documents every role.
export default String.raw`
; ---- functions and methods
(function_declaration
  "async"? @async
  name: (identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  parameters: (formal_parameters) @parameters
  return_type: (_)? @return_type) @definition.function

(generator_function_declaration
  "async"? @async
  name: (identifier) @name
  parameters: (formal_parameters) @parameters
  return_type: (_)? @return_type) @definition.function

(function_signature
  name: (identifier) @name
  parameters: (formal_parameters) @parameters
  return_type: (_)? @return_type) @definition.function

(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [
      (arrow_function "async"? @async parameters: (formal_parameters) @parameters return_type: (_)? @return_type)
      (function_expression "async"? @async parameters: (formal_parameters) @parameters return_type: (_)? @return_type)
    ])) @definition.function

; methods: the owning class or interface is read from the parent in languages/typescript.ts,
; because a pattern rooted at the class would keep a query state alive over its whole body
[(method_definition
   (accessibility_modifier)? @visibility
   "async"? @async
   name: (_) @name
   parameters: (formal_parameters) @parameters
   return_type: (_)? @return_type)
 (method_signature
   (accessibility_modifier)? @visibility
   name: (_) @name
   parameters: (formal_parameters) @parameters
   return_type: (_)? @return_type)
 (abstract_method_signature
   (accessibility_modifier)? @visibility
   name: (_) @name
   parameters: (formal_parameters) @parameters
   return_type: (_)? @return_type)] @definition.method

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

; CommonJS: const cp = require('child_process'); const { exec } = require('child_process')
(lexical_declaration
  (variable_declarator
    name: (identifier) @import.local
    value: (call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @import.module))))
  (#eq? @_require "require")) @import
(lexical_declaration
  (variable_declarator
    name: (object_pattern (shorthand_property_identifier_pattern) @import.name)
    value: (call_expression function: (identifier) @_require arguments: (arguments . (string (string_fragment) @import.module))))
  (#eq? @_require "require")) @import

; ---- export clauses: \`export { A, B }\` and \`export type { C }\` export declarations made above
(export_statement !source (export_clause (export_specifier name: (identifier) @export.name))) @export

; ---- error handling
(try_statement handler: (catch_clause)) @error.try_catch
(try_statement finalizer: (finally_clause)) @error.try_finally
(throw_statement) @error.throw

; ---- async
(await_expression) @async.await

; ---- type-safety signals
(predefined_type ["any" "unknown"]) @type_safety.any
(union_type (literal_type [(null) (undefined)])) @type_safety.nullable
(optional_parameter) @type_safety.optional_parameter
(non_null_expression) @type_safety.non_null_assertion
(as_expression (predefined_type "any")) @type_safety.any_cast

; ---- naming (functions, types, fields and parameters come from the definitions above;
; whether a binding is a constant or a variable is decided from its parents in languages/typescript.ts)
(lexical_declaration (variable_declarator name: (identifier) @naming.binding))
(variable_declaration (variable_declarator name: (identifier) @naming.binding))

; ---- calls (what they mean is in languages/typescript.ts: callRoles and securityCalls)
(call_expression function: (identifier) @callee.property arguments: (arguments)) @call
(call_expression
  function: (member_expression object: (identifier) @callee.object property: (property_identifier) @callee.property)
  arguments: (arguments)) @call
(new_expression constructor: (identifier) @callee.property) @call

; ---- security
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
`;
