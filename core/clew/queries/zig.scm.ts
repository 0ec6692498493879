// Tree-sitter query for Zig: capture names follow the grammars' tags.scm convention;
// core/clew/records.ts documents every role.
export default String.raw`
; ---- functions and methods (the container a method belongs to is read from the parents in languages/zig.ts)
(function_declaration
  name: (identifier) @name
  (parameters) @parameters
  type: (_)? @return_type) @definition.function

; ---- type declarations
; one anchored pattern: optional tokens and unanchored siblings multiply query states on every
; variable_declaration; the kind comes from the body node and \`pub\` from the first token (languages/zig.ts)
(variable_declaration (identifier) @name . [(struct_declaration) (union_declaration) (enum_declaration) (error_set_declaration) (binary_expression left: (error_set_declaration))] @body) @definition.container

; a file with top-level fields is a struct (languages/zig.ts names it from its const X = @This())
(source_file) @definition.file

; ---- imports
(variable_declaration
  (identifier) @import.local .
  (builtin_function . (builtin_identifier) @_import . (arguments . (string (string_content) @import.module)))
  (#eq? @_import "@import")) @import
(variable_declaration
  (identifier) @import.local .
  (field_expression
    object: (builtin_function . (builtin_identifier) @_import . (arguments . (string (string_content) @import.module)))
    member: (identifier) @import.name)
  (#eq? @_import "@import")) @import
(variable_declaration
  (identifier) @import.local .
  (field_expression
    object: (field_expression
      object: (builtin_function . (builtin_identifier) @_import . (arguments . (string (string_content) @import.module)))
      member: (identifier))) @import.name
  (#eq? @_import "@import")) @import

; ---- error handling
(try_expression) @error.zig_try
(catch_expression) @error.zig_catch
(errdefer_statement) @error.errdefer
(error_union_type) @error.error_union
(error_set_declaration) @error.error_set
(defer_statement) @error.defer

; ---- type-safety signals
(builtin_type "anytype") @type_safety.any
(nullable_type) @type_safety.nullable
(null_coercion_expression) @type_safety.unwrap
(binary_expression operator: "orelse") @type_safety.orelse

; ---- naming
(variable_declaration (identifier) @naming.binding)

; ---- security
(variable_declaration (identifier) @name . (string) @value) @security.secret

; ---- tests
(test_declaration) @test.marker

; ---- calls (what they mean is in languages/zig.ts: callRoles)
(call_expression function: (field_expression object: (_) @callee.object member: (identifier) @callee.property)) @call
`;
