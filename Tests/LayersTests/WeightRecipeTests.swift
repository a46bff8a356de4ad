import GraphIR
import Testing
import TestSupport

@Test func crc32MatchesZlib() {
    // zlib.crc32(b"") == 0, zlib.crc32(b"123456789") == 0xCBF43926,
    // zlib.crc32(b"lstm0_l0_i2h_weight") == 3466829785
    #expect(crc32([UInt8]()) == 0)
    #expect(crc32("123456789".utf8) == 0xCBF4_3926)
    #expect(crc32("lstm0_l0_i2h_weight".utf8) == 3_466_829_785)
}

@Test func recipeReproducesTheStoredLSTMParameters() throws {
    let inputs = try #require(
        try Reference.json("ops/lstm_2layer_bidirectional.json")["inputs"] as? [String: Any])
    let names = inputs.keys.filter { $0.hasPrefix("lstm0_") }.sorted()
    #expect(names.count == 16)
    for name in names {
        let stored = try Reference.tensor(inputs[name])
        let made = recipeTensor(name: name, shape: stored.shape)
        #expect(made == stored, "\(name)")
    }
}

@Test func recipeRangesFollowTheSuffix() {
    let gamma = recipeTensor(name: "batchnorm0_gamma", shape: [64])
    let mean = recipeTensor(name: "batchnorm0_running_mean", shape: [64])
    let weight = recipeTensor(name: "conv0_weight", shape: [8, 3, 2, 2])
    #expect(gamma.scalars.allSatisfy { $0 >= 0.5 && $0 <= 1.5 })
    #expect(mean.scalars.allSatisfy { abs($0) <= 0.1 })
    #expect(weight.scalars.allSatisfy { abs($0) <= 0.5 })
    #expect(weight.scalars.contains { abs($0) > 0.4 })
}
