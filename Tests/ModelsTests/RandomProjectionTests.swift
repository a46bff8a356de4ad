import GraphIR
import Models
import Testing
import TestSupport

@Test func projectionMatchesTheExamplesFirstRows() throws {
    let reference = try Reference.json("seed/bow.json")
    let expected = try Reference.tensor(reference["projection_first_rows"])
    let projection = try bagOfWordsProjection(vocabularySize: 1000, outputDimension: 20)
    let firstRows = try Tensor(shape: [3, 20], scalars: Array(projection.scalars.prefix(60)))
    #expect(maxRelativeError(firstRows, expected) <= 1e-6)
    #expect(projection.scalars.prefix(20).allSatisfy { $0 == 0 })
}

@Test func summedLookupsMatchTheExampleCases() throws {
    let reference = try Reference.json("seed/bow.json")
    let cases = try #require(reference["cases"] as? [[String: Any]])
    #expect(cases.count == 2)
    let projection = try bagOfWordsProjection(vocabularySize: 1000, outputDimension: 20)
    for example in cases {
        let ids = try Reference.tensor(example["input"])
        let expected = try Reference.tensor(example["output"])
        let (batch, length) = (ids.shape[0], ids.shape[1])
        var sums = [Float](repeating: 0, count: batch * 20)
        for b in 0..<batch {
            for t in 0..<length {
                let row = Int(ids.scalars[b * length + t])
                for d in 0..<20 { sums[b * 20 + d] += projection.scalars[row * 20 + d] }
            }
        }
        let actual = try Tensor(shape: [batch, 20], scalars: sums)
        #expect(maxRelativeError(actual, expected) <= 1e-6)
    }
}

@Test func projectionRowsAreUnitVectorsExceptPadding() throws {
    let projection = try bagOfWordsProjection(
        vocabularySize: 50, outputDimension: 8, seed: 7, padIndex: 3)
    for row in 0..<50 {
        let norm = projection.scalars[row * 8..<(row + 1) * 8].reduce(0) { $0 + Double($1 * $1) }
        #expect(abs(norm - (row == 3 ? 0 : 1)) < 1e-6)
    }
}

@Test func projectionRejectsBadArguments() {
    #expect(throws: RandomProjectionError.self) {
        try bagOfWordsProjection(vocabularySize: 0, outputDimension: 4)
    }
    #expect(throws: RandomProjectionError.self) {
        try bagOfWordsProjection(vocabularySize: 5, outputDimension: 4, padIndex: 5)
    }
}

@Test func minimumDimensionsMatchScikitLearn() throws {
    let table = try #require(try Reference.json("seed/bow.json")["jl_min_dim"] as? [String: Int])
    #expect(table.count == 16)
    for (key, expected) in table {
        let parts = key.split(separator: ",")
        let samples = try #require(Int(parts[0]))
        let eps = try #require(Double(parts[1]))
        #expect(try johnsonLindenstraussMinDim(samples: samples, eps: eps) == expected, "\(key)")
    }
}

@Test func minimumDimensionsRejectBadArguments() throws {
    for (samples, eps) in [(0, 0.5), (-3, 0.5), (10, 0), (10, 1), (10, -0.2), (10, .nan), (10, 1e-300)] {
        #expect(throws: JohnsonLindenstraussError.self) {
            try johnsonLindenstraussMinDim(samples: samples, eps: eps)
        }
    }
    #expect(try johnsonLindenstraussMinDim(samples: 1, eps: 0.5) == 0)
}
