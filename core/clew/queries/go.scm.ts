// Tree-sitter query for Go: capture names follow the grammars' tags.scm convention;
// core/clew/records.ts documents every role.
export default String.raw`
; ---- functions and methods
(function_declaration
  name: (identifier) @name
  type_parameters: (type_parameter_list)? @type_parameters
  parameters: (parameter_list) @parameters
  result: (_)? @return_type) @definition.function
(method_declaration
  receiver: (parameter_list (parameter_declaration type: [(type_identifier) @owner (pointer_type (type_identifier) @owner) (generic_type type: (type_identifier) @owner) (pointer_type (generic_type type: (type_identifier) @owner))])) @receiver
  name: (field_identifier) @name
  parameters: (parameter_list) @parameters
  result: (_)? @return_type) @definition.method
; interface methods: the interface's name is read from the parents in languages/go.ts
(method_elem
  name: (field_identifier) @name
  parameters: (parameter_list) @parameters
  result: (_)? @return_type) @definition.method

; ---- type declarations
(type_spec name: (type_identifier) @name type_parameters: (type_parameter_list)? @type_parameters type: (struct_type (field_declaration_list) @body)) @definition.struct
(type_spec name: (type_identifier) @name type_parameters: (type_parameter_list)? @type_parameters type: (interface_type) @body) @definition.interface
(type_spec name: (type_identifier) @name type_parameters: (type_parameter_list)? @type_parameters type: [(type_identifier) (qualified_type) (pointer_type) (slice_type) (array_type) (map_type) (channel_type) (function_type) (generic_type)] @alias) @definition.type_alias
(type_alias name: (type_identifier) @name type: (_) @alias) @definition.type_alias

; ---- imports
(import_spec name: (_)? @import.local path: (interpreted_string_literal) @import.module) @import

; ---- error handling
(if_statement condition: (binary_expression left: (identifier) @_err operator: "!=" right: (nil)) (#eq? @_err "err")) @error.err_nil_check
(defer_statement) @error.defer

; ---- calls (what they mean is in languages/go.ts: callRoles and securityCalls)
(call_expression function: (selector_expression operand: (identifier) @callee.object field: (field_identifier) @callee.property) arguments: (argument_list)) @call
(call_expression function: (identifier) @callee.property arguments: (argument_list)) @call

; ---- concurrency
(go_statement) @async.go_statement
(send_statement) @async.channel
(unary_expression operator: "<-") @async.channel

; ---- type-safety signals
(interface_type . "{" . "}") @type_safety.any
; \`any\` is a plain type name: Clew finds it in the normalised signatures and fields instead (constraints.ts)
(field_declaration type: (pointer_type) @type_safety.nullable)
(type_assertion_expression) @type_safety.type_assertion

; ---- naming
(const_spec name: (identifier) @naming.constant)
(var_spec name: (identifier) @naming.variable)
(short_var_declaration left: (expression_list (identifier) @naming.variable))

; ---- security
(import_spec path: (interpreted_string_literal) @_p (#eq? @_p "\"unsafe\"")) @security.unsafe_import
(const_spec name: (identifier) @name value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(var_spec name: (identifier) @name value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(assignment_statement left: (expression_list . [(identifier) @name (selector_expression field: (field_identifier) @name)]) right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(keyed_element key: (literal_element (identifier) @name) value: (literal_element [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
`;
