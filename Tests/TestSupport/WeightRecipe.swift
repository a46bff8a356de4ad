import GraphIR
import Layers

/// The zlib (PNG) CRC-32 of `bytes`: reflected polynomial 0xEDB88320, initial and final
/// value 0xFFFFFFFF, as Python's `zlib.crc32`.
public func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    return crc ^ 0xFFFF_FFFF
}

private let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 {
        value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
    }
    return value
}

/// The reference data's weight for parameter `name` (see "Weight recipe" in
/// `../shared/reference/README.md`).
///
/// Seeds a `RandomState` with the CRC-32 of the name and draws `uniform` values in row-major
/// order over a range chosen by the name's suffix: [0.5, 1.5) for `_gamma` and
/// `_running_var`, [-0.1, 0.1) for `_beta`, `_bias` and `_running_mean`, otherwise
/// [-a, a) with `a = sqrt(3 / fanIn)`, where `fanIn` is the product of the dimensions after
/// the first (the first dimension for a vector).
public func recipeTensor(name: String, shape: Shape) -> Tensor {
    let (low, high) = recipeRange(name: name, shape: shape)
    var random = RandomState(seed: crc32(name.utf8))
    var tensor = Tensor(shape: shape)
    tensor.scalars = random.uniform(low: low, high: high, count: tensor.scalars.count).map { Float($0) }
    return tensor
}

private func recipeRange(name: String, shape: Shape) -> (low: Double, high: Double) {
    if name.hasSuffix("_gamma") || name.hasSuffix("_running_var") { return (0.5, 1.5) }
    if ["_beta", "_bias", "_running_mean"].contains(where: name.hasSuffix) { return (-0.1, 0.1) }
    let fanIn = shape.rank >= 2 ? shape.dims.dropFirst().reduce(1, *) : shape.dims.first ?? 1
    let bound = (3 / Double(fanIn)).squareRoot()
    return (-bound, bound)
}
