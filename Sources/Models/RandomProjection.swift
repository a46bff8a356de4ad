import GraphIR
import Layers

/// The fixed projection of the DSSM example's `BagOfWordsRandomProjection` block: row `i`
/// is the unit vector that token `i` maps to, and the padding token maps to zero.
///
/// Draws `numpy.random.RandomState(seed).normal(size: (vocabularySize, outputDimension))`,
/// divides each row by its L2 norm in double (summing squares in numpy's pairwise order),
/// zeroes row `padIndex` and rounds to float.
///
/// - Throws: `RandomProjectionError` when a size is not positive or `padIndex` is not a row.
public func bagOfWordsProjection(
    vocabularySize: Int, outputDimension: Int, seed: UInt32 = 54321, padIndex: Int = 0
) throws -> Tensor {
    guard vocabularySize > 0, outputDimension > 0 else {
        throw RandomProjectionError.invalidSize(
            vocabularySize: vocabularySize, outputDimension: outputDimension)
    }
    guard (0..<vocabularySize).contains(padIndex) else {
        throw RandomProjectionError.padIndexOutOfRange(padIndex, vocabularySize: vocabularySize)
    }
    var random = RandomState(seed: seed)
    var scalars = [Float]()
    scalars.reserveCapacity(vocabularySize * outputDimension)
    for row in 0..<vocabularySize {
        let values = random.normal(count: outputDimension)
        if row == padIndex {
            scalars.append(contentsOf: repeatElement(0, count: outputDimension))
        } else {
            let norm = pairwiseSum(values.map { $0 * $0 }[...]).squareRoot()
            scalars.append(contentsOf: values.map { Float($0 / norm) })
        }
    }
    return try Tensor(shape: Shape([vocabularySize, outputDimension]), scalars: scalars)
}

/// Why a projection could not be made.
public enum RandomProjectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vocabulary size or the output dimension is not positive.
    case invalidSize(vocabularySize: Int, outputDimension: Int)
    /// The padding index names no row of the projection.
    case padIndexOutOfRange(Int, vocabularySize: Int)

    public var description: String {
        switch self {
        case let .invalidSize(vocabularySize, outputDimension):
            return "projection sizes must be positive, got vocabulary \(vocabularySize), "
                + "dimension \(outputDimension)"
        case let .padIndexOutOfRange(index, vocabularySize):
            return "padding index \(index) is outside the vocabulary 0..<\(vocabularySize)"
        }
    }
}

/// The sum of `values` in the order of numpy's pairwise summation for float64 `add.reduce`:
/// a plain loop below 8 elements, eight interleaved partial sums up to 128, halves above.
private func pairwiseSum(_ values: ArraySlice<Double>) -> Double {
    let count = values.count, start = values.startIndex
    if count < 8 {
        return values.reduce(0, +)
    }
    if count <= 128 {
        var partial = Array(values[start..<start + 8])
        var index = start + 8
        while index + 8 <= values.endIndex {
            for lane in 0..<8 { partial[lane] += values[index + lane] }
            index += 8
        }
        var sum = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
            + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
        for value in values[index...] { sum += value }
        return sum
    }
    let half = (count / 2) - (count / 2) % 8
    return pairwiseSum(values[start..<start + half]) + pairwiseSum(values[(start + half)...])
}
