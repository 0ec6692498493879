//! Message framing for a small binary protocol, written for the Clew Zig oracle in the style of
//! Zig's standard library (enums and tagged unions with methods, packed and extern structs, C
//! interop declarations, a nested namespace).

const std = @import("std");
const mem = std.mem;
const Crc32 = @import("std").hash.Crc32;
const log = std.log.scoped(.wire);

pub const Kind = enum(u8) {
    ping = 1,
    data = 2,
    close = 3,

    pub fn isControl(self: Kind) bool {
        return self != .data;
    }
};

pub const Header = packed struct {
    kind: Kind,
    flags: u4 = 0,
    reserved: u4 = 0,
    length: u16,
};

pub const CHeader = extern struct {
    magic: u32,
    length: u32,
};

pub const Frame = union(enum) {
    ping: u64,
    data: []const u8,
    close: void,

    pub fn kind(self: Frame) Kind {
        return switch (self) {
            .ping => .ping,
            .data => .data,
            .close => .close,
        };
    }
};

pub const DecodeError = error{ Truncated, BadKind } || mem.Allocator.Error;

pub const Decoder = struct {
    bytes: []const u8,
    offset: usize = 0,

    pub const Options = struct {
        max_length: u16 = 4096,
        verify: bool = true,
    };

    pub fn next(self: *Decoder, options: Options) DecodeError!?Frame {
        if (self.offset == self.bytes.len) return null;
        if (self.bytes.len - self.offset < @sizeOf(Header)) return error.Truncated;
        _ = options;
        self.offset = self.bytes.len;
        return Frame{ .close = {} };
    }
};

pub const Handle = opaque {};

pub const Length = u16;

extern "c" fn write(fd: c_int, buf: [*]const u8, count: usize) isize;

export fn wire_checksum(ptr: [*]const u8, len: usize) callconv(.C) u32 {
    return Crc32.hash(ptr[0..len]);
}

pub fn encode(writer: anytype, frame: Frame) !void {
    log.debug("encoding {s}", .{@tagName(frame)});
    try writer.writeByte(@intFromEnum(frame.kind()));
}
