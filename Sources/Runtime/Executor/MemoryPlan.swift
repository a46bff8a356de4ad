/// A first-fit arena allocator over float offsets with coalescing free blocks; the arena
/// grows to the high-water mark. Offsets are aligned to 16 floats (64 bytes).
struct ArenaAllocator {
    private var free: [(offset: Int, size: Int)] = []
    /// The arena's size in floats so far.
    private(set) var size = 0

    static let alignment = 16

    private static func aligned(_ count: Int) -> Int {
        max(alignment, (count + alignment - 1) / alignment * alignment)
    }

    /// Reserves `count` floats; returns the offset.
    mutating func allocate(_ count: Int) -> Int {
        let need = Self.aligned(count)
        var best: Int?
        for (i, block) in free.enumerated() where block.size >= need {
            if best.map({ free[$0].size > block.size }) ?? true { best = i }
        }
        if let i = best {
            let block = free[i]
            if block.size == need { free.remove(at: i) } else { free[i] = (block.offset + need, block.size - need) }
            return block.offset
        }
        if let last = free.last, last.offset + last.size == size {
            free.removeLast()
            size = last.offset + need
            return last.offset
        }
        defer { size += need }
        return size
    }

    /// Returns a block reserved with `allocate`.
    mutating func release(offset: Int, count: Int) {
        let block = (offset: offset, size: Self.aligned(count))
        let at = free.firstIndex { $0.offset > offset } ?? free.count
        free.insert(block, at: at)
        if at + 1 < free.count, free[at].offset + free[at].size == free[at + 1].offset {
            free[at].size += free[at + 1].size
            free.remove(at: at + 1)
        }
        if at > 0, free[at - 1].offset + free[at - 1].size == free[at].offset {
            free[at - 1].size += free[at].size
            free.remove(at: at)
        }
    }
}
