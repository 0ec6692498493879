//! A fixed-capacity ring buffer generic over its item type, in the style of Zig's std containers.
const std = @import("std");
const assert = std.debug.assert;

const Self = @This();

// a file struct: its fields make the file a type, named by the non-pub `const Self = @This()`
generation: u32 = 0,

const default_capacity = 16;
pub const max_capacity: usize = 1 << 20;

pub fn Ring(comptime T: type) type {
    return struct {
        items: [default_capacity]T = undefined,
        head: usize = 0,
        len: usize = 0,

        pub fn push(self: *@This(), x: T) void {
            assert(self.len < default_capacity);
            self.items[(self.head + self.len) % default_capacity] = x;
            self.len += 1;
        }

        pub fn pop(self: *@This()) ?T {
            if (self.len == 0) return null;
            const x = self.items[self.head];
            self.head = (self.head + 1) % default_capacity;
            self.len -= 1;
            return x;
        }

        fn isFull(self: @This()) bool {
            return self.len == default_capacity;
        }
    };
}

pub fn BoundedRing(comptime T: type, comptime capacity: usize) type {
    if (capacity == 0) @compileError("capacity must be positive");
    return blk: {
        break :blk struct {
            items: [capacity]T = undefined,
            len: usize = 0,

            pub fn slice(self: *@This()) []T {
                return self.items[0..self.len];
            }
        };
    };
}

const Slot = struct {
    index: u32,
    pub fn next(self: Slot) Slot {
        return .{ .index = self.index + 1 };
    }
};

pub const Config = struct {
    capacity: usize = default_capacity,
};

fn helper() void {}

test "push then pop" {
    var ring = Ring(u8){};
    ring.push(1);
    try std.testing.expectEqual(@as(?u8, 1), ring.pop());
}
