//! Types in the style of ZLS (the Zig language server): LSP messages as std.json reads and writes
//! them, with optional fields defaulting to null, enums written by tag name, tagged unions, a
//! non-exhaustive enum and a type that writes itself. Config.zig beside this file is a file struct.
const std = @import("std");

pub const Position = struct {
    line: u32,
    character: u32,
};

pub const Range = struct {
    start: Position,
    end: Position,
};

pub const MarkupKind = enum { plaintext, markdown };

pub const MarkupContent = struct {
    kind: MarkupKind = .markdown,
    value: []const u8,
};

/// Non-exhaustive: other integers are values of the type, but std.json writes only tag names.
pub const DiagnosticSeverity = enum(u8) {
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
    _,
};

pub const Diagnostic = struct {
    range: Range,
    severity: ?DiagnosticSeverity = null,
    code: ?[]const u8 = null,
    source: ?[]const u8 = null,
    message: []const u8,
    tags: ?[]const u8 = null,
};

pub const Hover = struct {
    contents: MarkupContent,
    /// No default: std.json writes null, and parsing requires the field.
    range: ?Range,
};

pub const TextEdit = struct {
    range: Range,
    newText: []const u8,
};

pub const CompletionItem = struct {
    label: []const u8,
    kind: ?u8 = null,
    detail: ?[]const u8 = null,
    deprecated: bool = false,
    sortText: ?[]const u8 = null,
    textEdit: ?TextEdit = null,
};

pub const ResponseError = struct {
    code: i32,
    message: []const u8,
};

pub const Request = union(enum) {
    initialize: InitializeParams,
    shutdown: void,
    hover: Position,
};

pub const InitializeParams = struct {
    processId: ?i32 = null,
    rootUri: ?[]const u8 = null,
    trace: Trace = .off,
};

pub const Trace = enum { off, messages, verbose };

pub const Checksum = struct {
    digest: [4]u8,
    window: [2]u16,
};

/// Written by its own jsonStringify: its fields say nothing about its JSON.
pub const Uri = struct {
    raw: []const u8,

    pub fn jsonStringify(self: Uri, jw: anytype) !void {
        try jw.write(self.raw);
    }
};

pub const Bare = union {
    int: i64,
    float: f64,
};
