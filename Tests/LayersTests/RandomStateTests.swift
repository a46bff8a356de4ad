import GraphIR
import Layers
import Testing

/// Expected streams of `R = numpy.random.RandomState` (numpy 2.4) for one seed.
struct NumpyStream: Sendable, CustomStringConvertible {
    let seed: UInt32
    /// `R(seed).randint(0, 2**32, size=5, dtype=np.uint32)`
    let uint32s: [UInt32]
    /// `R(seed).random_sample(3)`
    let samples: [Double]
    /// `R(seed).uniform(-2, 3, 3)`
    let uniforms: [Double]
    /// `r = R(seed); list(r.standard_normal(3)) + list(r.standard_normal(2))`
    let normals: [Double]
    /// One generator `r = R(seed)`, in this order: `r.randint(0, 10, size=6)`,
    /// `r.randint(-5, 1000, size=4)`, `r.randint(0, 2**40, size=3)`,
    /// `r.randint(-2**63, 2**63 - 1, size=2)`, `r.randint(5, 6, size=2)`,
    /// `r.randint(0, 2**32, size=2)`, `r.randint(-3, 2**32 - 2, size=2)`,
    /// then `r.randint(0, 2**32, dtype=np.uint32)` as `uint32After`.
    let randints: [[Int]]
    let uint32After: UInt32

    var description: String { "seed \(seed)" }
}

let numpyStreams: [NumpyStream] = [
    NumpyStream(
        seed: 0,
        uint32s: [2357136044, 2546248239, 3071714933, 3626093760, 2588848963],
        samples: [0.5488135039273248, 0.7151893663724195, 0.6027633760716439],
        uniforms: [0.7440675196366238, 1.5759468318620975, 1.0138168803582195],
        normals: [1.764052345967664, 0.4001572083672233, 0.9787379841057392,
                  2.240893199201458, 1.8675579901499675],
        randints: [[5, 0, 3, 3, 7, 9], [718, 272, 749, 799],
                   [377492290630, 931851835992, 602942290234],
                   [-412005965807845914, 5758496607182366807], [5, 5],
                   [2061486254, 2439732824], [374217478, 86837360]],
        uint32After: 1581585360),
    NumpyStream(
        seed: 7,
        uint32s: [327741615, 976413892, 3349725721, 1369975286, 1882953283],
        samples: [0.07630828937395717, 0.7799187922401146, 0.4384092314408935],
        uniforms: [-1.618458553130214, 1.8995939612005732, 0.1920461572044676],
        normals: [1.690525703800356, -0.4659373705408328, 0.0328201636785844,
                  0.40751628299650783, -0.7889230286257386],
        randints: [[4, 9, 6, 3, 3, 7], [610, 343, 180, 393],
                   [100936543816, 382561546606, 181541563098],
                   [-8929877712278369113, 512169999652226116], [5, 5],
                   [3731473840, 3452032895], [283194440, 3906674448]],
        uint32After: 2980842940),
    NumpyStream(
        seed: 54321,
        uint32s: [3915467345, 2189234826, 2679307290, 787501152, 3400771556],
        samples: [0.9116407819816541, 0.6238248361897051, 0.7918038353977315],
        uniforms: [2.5582039099082703, 1.1191241809485253, 1.9590191769886571],
        normals: [0.22397889127879958, 0.7445908978400445, -0.3342689441687751,
                  1.389171508943143, -2.296094506143581],
        randints: [[1, 0, 4, 6, 2, 8], [250, 706, 517, 231],
                   [1034131973629, 547560869474, 597217481766],
                   [-5220009795052480884, 6099947703416765885], [5, 5],
                   [1286515335, 3470739261], [2743237589, 4062435995]],
        uint32After: 2900526454),
    // zlib.crc32(b"dssmrecommendernetwork0_dense0_weight") == 3196657541
    NumpyStream(
        seed: 3196657541,
        uint32s: [2591478288, 519333444, 10071154, 3921835402, 3476856682],
        samples: [0.6033755549856777, 0.0023448758805055814, 0.8095187811316755],
        uniforms: [1.0168777749283886, -1.988275620597472, 2.0475939056583776],
        normals: [0.5656245512070458, 1.0388149189121234, 1.4466771980636255,
                  1.111204639000876, 0.3024281689445512],
        randints: [[0, 4, 2, 0, 0, 9], [643, 925, 302, 411],
                   [551463119260, 956287563269, 242960553728],
                   [6515602949062098466, 673245313224466766], [5, 5],
                   [2950881558, 1888025138], [1023621692, 1908932618]],
        uint32After: 1782346300),
]

@Test(arguments: numpyStreams)
func rawDrawsMatchNumpy(_ stream: NumpyStream) {
    var random = RandomState(seed: stream.seed)
    #expect((0..<5).map { _ in random.nextUInt32() } == stream.uint32s)
}

@Test(arguments: numpyStreams)
func doublesMatchNumpy(_ stream: NumpyStream) {
    var random = RandomState(seed: stream.seed)
    #expect((0..<3).map { _ in random.randomSample() } == stream.samples)
    random = RandomState(seed: stream.seed)
    #expect(random.uniform(low: -2, high: 3, count: 3) == stream.uniforms)
}

@Test(arguments: numpyStreams)
func normalsContinueTheCachedPair(_ stream: NumpyStream) {
    var random = RandomState(seed: stream.seed)
    let first = random.normal(count: 3)
    #expect(first + random.normal(count: 2) == stream.normals)
}

@Test(arguments: numpyStreams)
func randintMatchesNumpy(_ stream: NumpyStream) throws {
    let ranges: [(Int, Int, Int)] = [
        (0, 10, 6), (-5, 1000, 4), (0, 1 << 40, 3), (.min, .max, 2), (5, 6, 2),
        (0, 1 << 32, 2), (-3, (1 << 32) - 2, 2),
    ]
    var random = RandomState(seed: stream.seed)
    for ((low, high, count), expected) in zip(ranges, stream.randints) {
        #expect(try random.randint(low: low, high: high, count: count) == expected)
    }
    #expect(random.nextUInt32() == stream.uint32After)
}

@Test func randintRejectsAnEmptyRange() {
    var random = RandomState(seed: 0)
    #expect(throws: RandomStateError.emptyRange(low: 3, high: 3)) {
        try random.randint(low: 3, high: 3, count: 1)
    }
}

@Test func xavierScaleFollowsGluonsFormula() throws {
    let shape: Shape = [4, 3, 2, 5]
    let xavier = Xavier()
    let scale = try xavier.scale(for: shape)
    // fan_in = 3 * 10, fan_out = 4 * 10, factor "avg", magnitude 3.
    #expect(scale == (3.0 / 35.0).squareRoot())
    var random = RandomState(seed: 7)
    let values = try xavier.values(for: shape, using: &random)
    var reference = RandomState(seed: 7)
    #expect(values == reference.uniform(low: -scale, high: scale, count: 120).map { Float($0) })
    #expect(values.allSatisfy { abs($0) <= Float(scale) })
    #expect(try Xavier(magnitude: 6).scale(for: [10, 20]) == (6.0 / 15.0).squareRoot())
}

@Test func xavierNeedsAMatrix() {
    var random = RandomState(seed: 0)
    #expect(throws: InitializerError.self) { try Xavier().values(for: [5], using: &random) }
    #expect(throws: InitializerError.self) { try Xavier().values(for: [0, 5], using: &random) }
}

@Test func simpleInitializersFillTheShape() throws {
    var random = RandomState(seed: 0)
    #expect(try Zeros().values(for: [2, 3], using: &random) == [Float](repeating: 0, count: 6))
    #expect(try Ones().values(for: [4], using: &random) == [1, 1, 1, 1])
    #expect(try Constant(2.5).values(for: [1, 2], using: &random) == [2.5, 2.5])
    let uniform = try Uniform(scale: 0.5).values(for: [3], using: &random)
    let normal = try Normal(sigma: 2).values(for: [2], using: &random)
    var reference = RandomState(seed: 0)
    #expect(uniform == reference.uniform(low: -0.5, high: 0.5, count: 3).map { Float($0) })
    #expect(normal == reference.normal(count: 2).map { Float(2 * $0) })
}
