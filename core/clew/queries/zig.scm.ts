// Tree-sitter query for Zig: capture names follow the grammars' tags.scm convention;
// core/clew/extract.ts documents every role.
export default String.raw`
; ---- functions and methods
(source_file (function_declaration
  "pub"? @visibility
  name: (identifier) @name
  (parameters) @parameters
  type: (_)? @return_type) @definition.function)
(variable_declaration
  (identifier) @owner
  [(struct_declaration (function_declaration "pub"? @visibility name: (identifier) @name (parameters) @parameters type: (_)? @return_type) @definition.method)
   (union_declaration (function_declaration "pub"? @visibility name: (identifier) @name (parameters) @parameters type: (_)? @return_type) @definition.method)
   (enum_declaration (function_declaration "pub"? @visibility name: (identifier) @name (parameters) @parameters type: (_)? @return_type) @definition.method)])

; ---- type declarations
(variable_declaration "pub"? @visibility (identifier) @name (struct_declaration) @body) @definition.struct
(variable_declaration "pub"? @visibility (identifier) @name (union_declaration) @body) @definition.union
(variable_declaration "pub"? @visibility (identifier) @name (enum_declaration) @body) @definition.enum
(variable_declaration "pub"? @visibility (identifier) @name (error_set_declaration) @body) @definition.enum

; ---- imports
(variable_declaration
  (identifier) @import.local
  (builtin_function (builtin_identifier) @_import (arguments (string (string_content) @import.module)))
  (#eq? @_import "@import")) @import
(variable_declaration
  (identifier) @import.local
  (field_expression
    object: (builtin_function (builtin_identifier) @_import (arguments (string (string_content) @import.module)))
    member: (identifier) @import.name)
  (#eq? @_import "@import")) @import

; ---- error handling
(try_expression) @error.zig_try
(catch_expression) @error.zig_catch
(errdefer_statement) @error.errdefer
(error_union_type) @error.error_union
(error_set_declaration) @error.error_set
(defer_statement) @error.defer

; ---- type-safety signals
((builtin_type) @type_safety.any (#eq? @type_safety.any "anytype"))
(nullable_type) @type_safety.nullable
(call_expression function: (field_expression member: (identifier) @_u) (#eq? @_u "unreachable")) @type_safety.unwrap
(field_expression member: (identifier) @_q (#eq? @_q "?")) @type_safety.unwrap

; ---- naming
(source_file (variable_declaration "const" (identifier) @naming.constant [(integer) (float) (string) (boolean)]))
(block (variable_declaration (identifier) @naming.variable))

; ---- security
(variable_declaration (identifier) @name (string) @value) @security.secret

; ---- tests
(test_declaration) @test.marker
(call_expression
  function: (field_expression object: (field_expression member: (identifier) @_testing) member: (identifier) @assert.method)
  (#eq? @_testing "testing") (#match? @assert.method "^expect")) @test.assertion
`;
