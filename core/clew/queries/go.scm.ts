// Tree-sitter query for Go: capture names follow the grammars' tags.scm convention;
// core/clew/extract.ts documents every role.
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
(type_spec
  name: (type_identifier) @owner
  type: (interface_type (method_elem
    name: (field_identifier) @name
    parameters: (parameter_list) @parameters
    result: (_)? @return_type) @definition.method))

; ---- type declarations
(type_spec name: (type_identifier) @name type_parameters: (type_parameter_list)? @type_parameters type: (struct_type (field_declaration_list) @body)) @definition.struct
(type_spec name: (type_identifier) @name type_parameters: (type_parameter_list)? @type_parameters type: (interface_type) @body) @definition.interface
(type_spec name: (type_identifier) @name type_parameters: (type_parameter_list)? @type_parameters type: [(type_identifier) (qualified_type) (pointer_type) (slice_type) (array_type) (map_type) (channel_type) (function_type) (generic_type)] @alias) @definition.type_alias
(type_alias name: (type_identifier) @name type: (_) @alias) @definition.type_alias

; ---- imports
(import_spec name: (_)? @import.local path: (interpreted_string_literal) @import.module) @import

; ---- error handling
(if_statement condition: (binary_expression left: (identifier) @_err operator: "!=" right: (nil)) (#eq? @_err "err")) @error.err_nil_check
(call_expression function: (selector_expression operand: (identifier) @_fmt field: (field_identifier) @_errorf) (#eq? @_fmt "fmt") (#eq? @_errorf "Errorf")) @error.error_wrap
(defer_statement) @error.defer
(call_expression function: (selector_expression operand: (identifier) @_errors field: (field_identifier) @_fn) (#eq? @_errors "errors") (#any-of? @_fn "New" "Is" "As" "Join" "Unwrap")) @error.errors_package
((call_expression function: (identifier) @_panic) @error.panic (#eq? @_panic "panic"))

; ---- concurrency
(go_statement) @async.go_statement
(send_statement) @async.channel
(unary_expression operator: "<-") @async.channel

; ---- type-safety signals
(interface_type . "{" . "}") @type_safety.any
((type_identifier) @type_safety.any (#eq? @type_safety.any "any"))
(field_declaration type: (pointer_type) @type_safety.nullable)
(type_assertion_expression) @type_safety.type_assertion

; ---- naming
(const_spec name: (identifier) @naming.constant)
(source_file (var_declaration (var_spec name: (identifier) @naming.variable)))
(source_file (var_declaration (var_spec_list (var_spec name: (identifier) @naming.variable))))
(short_var_declaration left: (expression_list (identifier) @naming.variable))
(statement_list (var_declaration (var_spec name: (identifier) @naming.variable)))

; ---- security
(call_expression function: (selector_expression operand: (identifier) @callee.object field: (field_identifier) @callee.property) arguments: (argument_list) @arguments
  (#any-of? @callee.property "Command" "CommandContext")) @security.call
(import_spec path: (interpreted_string_literal) @_p (#eq? @_p "\"unsafe\"")) @security.unsafe_import
(const_spec name: (identifier) @name value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(var_spec name: (identifier) @name value: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(short_var_declaration left: (expression_list . (identifier) @name) right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(assignment_statement left: (expression_list . [(identifier) @name (selector_expression field: (field_identifier) @name)]) right: (expression_list . [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret
(keyed_element key: (literal_element (identifier) @name) value: (literal_element [(interpreted_string_literal) (raw_string_literal)] @value)) @security.secret

; ---- test assertions
(call_expression function: (selector_expression operand: (identifier) @_t field: (field_identifier) @assert.method)
  (#any-of? @_t "t" "b") (#any-of? @assert.method "Error" "Errorf" "Fatal" "Fatalf" "Fail" "FailNow")) @test.assertion
(call_expression function: (selector_expression operand: (identifier) @_a field: (field_identifier) @assert.method)
  (#any-of? @_a "assert" "require")) @test.assertion
`;
