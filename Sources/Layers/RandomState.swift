import Foundation

/// A Mersenne Twister (MT19937) that reproduces the streams of numpy's legacy
/// `numpy.random.RandomState(seed)` for a 32-bit integer seed.
///
/// The same seed gives the same `random_sample`, `uniform`, `standard_normal` and
/// `randint` values as numpy, so weights drawn here match weights drawn in Python.
public struct RandomState: Sendable {
    private static let stateSize = 624
    private static let shift = 397

    private var key: [UInt32]
    private var position: Int
    private var cachedGaussian: Double?

    /// Creates a generator seeded like `numpy.random.RandomState(seed)` (MT19937 `init_genrand`).
    public init(seed: UInt32) {
        var key = [UInt32](repeating: 0, count: Self.stateSize)
        key[0] = seed
        for index in 1..<Self.stateSize {
            let previous = key[index - 1]
            key[index] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(index)
        }
        self.key = key
        self.position = Self.stateSize
        self.cachedGaussian = nil
    }

    /// The next raw 32-bit draw (numpy's `randint(0, 2**32, dtype=np.uint32)` for one value).
    public mutating func nextUInt32() -> UInt32 {
        if position >= Self.stateSize { regenerate() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A double in [0, 1) with 53 random bits, as numpy's legacy `random_sample()`.
    public mutating func randomSample() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// `count` doubles in [low, high), as `RandomState.uniform(low, high, count)`;
    /// empty when `count` is not positive.
    public mutating func uniform(low: Double, high: Double, count: Int) -> [Double] {
        let range = high - low
        return (0..<max(count, 0)).map { _ in low + range * randomSample() }
    }

    /// `count` standard normal doubles, as numpy's legacy `standard_normal(count)`;
    /// empty when `count` is not positive.
    ///
    /// Uses the Marsaglia polar method and keeps the second value of each pair for the
    /// next draw, so consecutive calls continue one stream exactly as numpy does.
    public mutating func normal(count: Int) -> [Double] {
        (0..<max(count, 0)).map { _ in nextGaussian() }
    }

    /// `count` integers in [low, high), as numpy's legacy `RandomState.randint(low, high,
    /// count)` with its default int64 result: masked rejection sampling over the range.
    ///
    /// - Throws: `RandomStateError.emptyRange` when `low >= high`.
    public mutating func randint(low: Int, high: Int, count: Int) throws -> [Int] {
        guard low < high else { throw RandomStateError.emptyRange(low: low, high: high) }
        let offset = UInt64(bitPattern: Int64(low))
        let range = UInt64(bitPattern: Int64(high) &- Int64(low) &- 1)
        return (0..<max(count, 0)).map { _ in
            Int(Int64(bitPattern: offset &+ boundedDraw(range: range)))
        }
    }

    /// A value in [0, range] drawn as numpy's legacy generator does.
    private mutating func boundedDraw(range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        if range == UInt64(UInt32.max) { return UInt64(nextUInt32()) }
        if range == UInt64.max { return nextUInt64() }
        var mask = range
        for shift in [1, 2, 4, 8, 16, 32] { mask |= mask >> UInt64(shift) }
        if range < UInt64(UInt32.max) {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= range { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= range { return value }
        }
    }

    /// Two 32-bit draws, the first one high, as numpy's MT19937 `next_uint64`.
    private mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return high << 32 | UInt64(nextUInt32())
    }

    private mutating func nextGaussian() -> Double {
        if let cached = cachedGaussian {
            cachedGaussian = nil
            return cached
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * randomSample() - 1
            x2 = 2 * randomSample() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let factor = (-2 * log(r2) / r2).squareRoot()
        cachedGaussian = factor * x1
        return factor * x2
    }

    private mutating func regenerate() {
        let n = Self.stateSize, m = Self.shift
        for index in 0..<n {
            let y = (key[index] & 0x8000_0000) | (key[(index + 1) % n] & 0x7FFF_FFFF)
            key[index] = key[(index + m) % n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_B0DF)
        }
        position = 0
    }
}

/// An invalid argument to a `RandomState` draw.
public enum RandomStateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `randint` was asked for integers in an empty range.
    case emptyRange(low: Int, high: Int)

    public var description: String {
        switch self {
        case let .emptyRange(low, high):
            return "randint needs low < high, got low=\(low), high=\(high)"
        }
    }
}
