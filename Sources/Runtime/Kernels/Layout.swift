/// Row-major element strides of `shape`.
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    for axis in shape.indices.dropLast().reversed() {
        strides[axis] = strides[axis + 1] * shape[axis + 1]
    }
    return strides
}

/// One axis of a loop nest over memory: how many steps and how far each step moves.
struct StridedAxis: Hashable, Sendable {
    /// Steps along the axis.
    var size: Int
    /// Elements between consecutive steps.
    var stride: Int
}

/// The element offset of flat row-major index `index` over `axes` (outermost first).
@inline(__always)
func offset(of index: Int, in axes: [StridedAxis]) -> Int {
    var rest = index, offset = 0
    for axis in axes.reversed() {
        offset += rest % axis.size * axis.stride
        rest /= axis.size
    }
    return offset
}

extension Array where Element == StridedAxis {
    /// Appends `axis`, or folds it into the last axis when `merging` (the last axis must
    /// then step over exactly `axis.size` of `axis`'s steps, as in a contiguous layout).
    mutating func append(_ axis: StridedAxis, merging: Bool) {
        if merging, let last = indices.last {
            self[last] = StridedAxis(size: self[last].size * axis.size, stride: axis.stride)
        } else {
            append(axis)
        }
    }
}
