//! A fixed-capacity ring queue generic over its item type, written for the Clew Zig oracle in the
//! style of Zig's standard library containers (a type function returning a struct, an allocator
//! passed in, errors as error sets, tests beside the code).

const std = @import("std");
const builtin = @import("builtin");
const Allocator = std.mem.Allocator;
const assert = @import("std").debug.assert;
const testing = std.testing;

pub const QueueError = error{ Full, Empty };

/// A queue of at most `capacity` items of type T, in one allocation.
pub fn RingQueue(comptime T: type) type {
    return struct {
        const Self = @This();

        buffer: []T,
        head: usize = 0,
        len: usize = 0,
        allocator: Allocator,

        pub fn init(allocator: Allocator, capacity: usize) Allocator.Error!Self {
            assert(capacity > 0);
            return .{ .buffer = try allocator.alloc(T, capacity), .allocator = allocator };
        }

        pub fn deinit(self: *Self) void {
            self.allocator.free(self.buffer);
            self.* = undefined;
        }

        pub fn push(self: *Self, item: T) QueueError!void {
            if (self.len == self.buffer.len) return error.Full;
            self.buffer[(self.head + self.len) % self.buffer.len] = item;
            self.len += 1;
        }

        pub fn pop(self: *Self) ?T {
            if (self.len == 0) return null;
            const item = self.buffer[self.head];
            self.head = (self.head + 1) % self.buffer.len;
            self.len -= 1;
            return item;
        }

        pub fn peek(self: Self) ?T {
            return if (self.len == 0) null else self.buffer[self.head];
        }

        fn isFull(self: Self) bool {
            return self.len == self.buffer.len;
        }
    };
}

pub fn drain(comptime T: type, queue: *RingQueue(T), out: []T) usize {
    var n: usize = 0;
    while (n < out.len) : (n += 1) {
        out[n] = queue.pop() orelse break;
    }
    return n;
}

inline fn wrap(index: usize, capacity: usize) usize {
    return index % capacity;
}

test "push and pop keep the order" {
    var queue = try RingQueue(u32).init(testing.allocator, 2);
    defer queue.deinit();
    try queue.push(1);
    try queue.push(2);
    try testing.expectError(error.Full, queue.push(3));
    try testing.expectEqual(@as(?u32, 1), queue.pop());
}

test "wrap" {
    try testing.expectEqual(@as(usize, 1), wrap(3, 2));
    if (builtin.mode == .Debug) try testing.expect(true);
}
