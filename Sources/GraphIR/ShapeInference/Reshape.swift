/// MXNet's `Reshape` target shape: positive sizes, and the special codes
/// 0 (copy an input axis), -1 (infer), -2 (copy the remaining axes), -3 (merge two axes),
/// -4 (split an axis in two, one of which may be -1). Every code but -2 and -4's operands
/// consumes input axes, so `(1, -2)` on a (2, 2) input asks for (1, 2) and is refused.
enum Reshape {
    static func outputShape(of input: Shape, spec: [Int], reverse: Bool) throws -> Shape {
        let dims = reverse ? Array(input.dims.reversed()) : input.dims
        let codes = reverse ? Array(spec.reversed()) : spec
        var out: [Int] = []
        var source = 0
        var inferred: Int?
        var i = 0
        func take() throws -> Int {
            guard source < dims.count else {
                throw ShapeIO.fail("shape \(spec) uses more axes than the input \(input) has")
            }
            defer { source += 1 }
            return dims[source]
        }
        while i < codes.count {
            let code = codes[i]
            switch code {
            case let size where size > 0:
                _ = try take()
                out.append(size)
            case 0:
                out.append(try take())
            case -1:
                guard inferred == nil else { throw ShapeIO.fail("shape \(spec) has more than one -1") }
                inferred = out.count
                out.append(1)
                if source < dims.count { source += 1 }
            case -2:
                out.append(contentsOf: dims[min(source, dims.count)...])
                source = dims.count
            case -3:
                let a = try take(), b = try take()
                out.append(try ShapeIO.product([a, b], "-3 in shape \(spec) merging \(a) and \(b)"))
            case -4:
                guard i + 2 < codes.count else { throw ShapeIO.fail("-4 in shape \(spec) needs two sizes after it") }
                let whole = try take()
                var first = codes[i + 1], second = codes[i + 2]
                i += 2
                guard !(first == -1 && second == -1) else { throw ShapeIO.fail("-4 in shape \(spec) has both halves -1") }
                guard first == -1 || first > 0, second == -1 || second > 0 else {
                    throw ShapeIO.fail("-4 in shape \(spec) needs positive sizes or one -1")
                }
                if first == -1 { first = whole / second }
                if second == -1 { second = whole / first }
                guard Shape([first, second]).checkedCount == whole else {
                    throw ShapeIO.fail("-4 in shape \(spec) splits \(whole) into \(first) x \(second)")
                }
                out.append(contentsOf: [first, second])
            default:
                throw ShapeIO.fail("shape \(spec) has the unknown code \(code)")
            }
            i += 1
        }
        if let inferred {
            let known = try ShapeIO.product(out.enumerated().filter { $0.offset != inferred }.map(\.element), "shape \(spec)")
            guard known > 0, input.count % known == 0 else {
                throw ShapeIO.fail("cannot reshape \(input) (\(input.count) elements) to \(spec)")
            }
            out[inferred] = input.count / known
        }
        if reverse { out.reverse() }
        guard try ShapeIO.product(out, "shape \(spec)") == input.count else {
            throw ShapeIO.fail("cannot reshape \(input) (\(input.count) elements) to \(spec): it gives \(Shape(out))")
        }
        return Shape(out)
    }
}
