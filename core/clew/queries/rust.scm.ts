// Tree-sitter query for Rust: capture names follow the grammars' tags.scm convention;
// core/clew/records.ts documents every role.
export default `
; ---- functions and methods (the impl or trait they belong to is read from the parents in languages/rust.ts)
(function_item
  (visibility_modifier)? @visibility
  (function_modifiers "async"? @async)?
  name: (identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  parameters: (parameters) @parameters
  return_type: (_)? @return_type) @definition.function
(function_signature_item
  (visibility_modifier)? @visibility
  (function_modifiers "async"? @async)?
  name: (identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  parameters: (parameters) @parameters
  return_type: (_)? @return_type) @definition.function

; ---- type declarations
(struct_item
  (visibility_modifier)? @visibility
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  body: (_)? @body) @definition.struct
(enum_item
  (visibility_modifier)? @visibility
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  body: (enum_variant_list) @body) @definition.enum
(union_item
  (visibility_modifier)? @visibility
  name: (type_identifier) @name
  body: (field_declaration_list) @body) @definition.union
(trait_item
  (visibility_modifier)? @visibility
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters) @definition.trait
(type_item
  (visibility_modifier)? @visibility
  name: (type_identifier) @name
  type_parameters: (type_parameters)? @type_parameters
  type: (_) @alias) @definition.type_alias

; ---- imports
(use_declaration argument: (scoped_identifier path: (_) @import.module name: (identifier) @import.name)) @import
(use_declaration argument: (use_as_clause path: (scoped_identifier path: (_) @import.module name: (identifier) @import.name) alias: (identifier) @import.local)) @import
(use_declaration argument: (scoped_use_list path: (_) @import.module list: (use_list [(identifier) @import.name (self) @import.name (scoped_identifier) @import.name (use_as_clause path: (_) @import.name alias: (identifier) @import.local)]))) @import
(use_declaration argument: (scoped_use_list path: (_) @import.module list: (use_list (scoped_use_list) @import.name))) @import
(use_declaration argument: (use_wildcard (_) @import.module)) @import
(use_declaration argument: (identifier) @import.module) @import
(use_declaration argument: (use_as_clause path: (identifier) @import.module alias: (identifier) @import.local)) @import
(extern_crate_declaration name: (identifier) @import.module) @import

; ---- error handling
(try_expression) @error.result_question
((function_item return_type: (generic_type type: (type_identifier) @_r)) @error.result_type (#eq? @_r "Result"))
(match_arm pattern: (match_pattern (tuple_struct_pattern type: (identifier) @_e)) (#eq? @_e "Err")) @error.match_result

; ---- calls and macros (what they mean is in languages/rust.ts: callRoles)
(call_expression function: (field_expression field: (field_identifier) @callee.method)) @call
(macro_invocation macro: (identifier) @callee.macro) @call

; ---- async
(await_expression) @async.await

; ---- type-safety signals
((generic_type type: (type_identifier) @_o) @type_safety.optional (#eq? @_o "Option"))

; ---- naming
(const_item name: (identifier) @naming.constant)
(static_item name: (identifier) @naming.constant)
(let_declaration pattern: (identifier) @naming.variable)

; ---- security
(unsafe_block) @security.unsafe_block
(const_item name: (identifier) @name value: [(string_literal) (raw_string_literal)] @value) @security.secret
(static_item name: (identifier) @name value: [(string_literal) (raw_string_literal)] @value) @security.secret
(let_declaration pattern: (identifier) @name value: [(string_literal) (raw_string_literal)] @value) @security.secret
(field_initializer field: (field_identifier) @name value: [(string_literal) (raw_string_literal)] @value) @security.secret

; ---- tests
((attribute_item (attribute (identifier) @_t)) @test.marker (#eq? @_t "test"))
((attribute_item (attribute (identifier) @_c arguments: (token_tree (identifier) @_t))) @test.marker (#eq? @_c "cfg") (#eq? @_t "test"))
`;
