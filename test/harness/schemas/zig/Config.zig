//! ZLS-style configuration file: the file itself is the struct (top-level fields, all defaulted).
const Config = @This();

enable_snippets: bool = true,
enable_ast_check_diagnostics: bool = true,
semantic_tokens: SemanticTokens = .full,
zig_exe_path: ?[]const u8 = null,
skip_std_references: bool = false,
max_detail_length: u32 = 1048576,

pub const SemanticTokens = enum { none, partial, full };
