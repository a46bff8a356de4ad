/// A shape rule's view of one node: the shapes known so far for its inputs and outputs,
/// which the rule fills in where it can (forward and backward).
struct ShapeIO {
    var inputs: [Shape?]
    var outputs: [Shape?]
    let inputNames: [String]

    /// A rule failed: the message says what was expected and what was found.
    struct Failure: Error { let message: String }

    /// The input's shape when it is complete.
    func known(_ i: Int) -> Shape? {
        guard i < inputs.count, let s = inputs[i], s.isComplete else { return nil }
        return s
    }

    /// The output's shape when it is complete.
    func knownOutput(_ i: Int) -> Shape? {
        guard i < outputs.count, let s = outputs[i], s.isComplete else { return nil }
        return s
    }

    mutating func setInput(_ i: Int, _ shape: Shape) throws {
        guard i < inputs.count else { return }
        inputs[i] = try merge(inputs[i], shape, what: "input '\(i < inputNames.count ? inputNames[i] : String(i))'")
    }

    mutating func setOutput(_ i: Int, _ shape: Shape) throws {
        guard i < outputs.count else { return }
        outputs[i] = try merge(outputs[i], shape, what: i == 0 ? "the output" : "output \(i)")
    }

    private func merge(_ old: Shape?, _ new: Shape, what: String) throws -> Shape {
        guard new.dims.allSatisfy({ $0 >= 0 }) else {
            throw Failure(message: "\(what) would have a negative dimension \(new)")
        }
        guard let old else { return try Self.countable(new, what: what) }
        guard let merged = old.merged(with: new) else {
            throw Failure(message: "\(what) must be \(new), found \(old)")
        }
        return try Self.countable(merged, what: what)
    }

    /// The shape, when the product of its known dimensions fits in an `Int`; so every
    /// stored shape's element count, and every product of some of its dimensions, can be
    /// taken without overflow.
    static func countable(_ shape: Shape, what: String) throws -> Shape {
        guard Shape(shape.dims.filter { $0 > 0 }).checkedCount != nil else {
            throw Failure(message: "\(what) would have more elements than can be counted: \(shape)")
        }
        return shape
    }

    /// The product of `values`, failing where it overflows; `what` names it in the message.
    static func product(_ values: [Int], _ what: @autoclosure () -> String) throws -> Int {
        guard let product = Shape(values).checkedCount else { throw Failure(message: "\(what()) overflows") }
        return product
    }

    /// The sum of `values`, failing where it overflows; `what` names it in the message.
    static func sum(_ values: [Int], _ what: @autoclosure () -> String) throws -> Int {
        var total = 0
        for value in values {
            let (next, overflow) = total.addingReportingOverflow(value)
            guard !overflow else { throw Failure(message: "\(what()) overflows") }
            total = next
        }
        return total
    }

    static func fail(_ message: String) -> Failure { Failure(message: message) }
}

/// Normalises a possibly negative axis against a rank; nil when out of range.
func normalizeAxis(_ axis: Int, rank: Int) -> Int? {
    let a = axis < 0 ? axis + rank : axis
    return a >= 0 && a < rank ? a : nil
}
