/// Calls `body` with `provided` when the caller gave a scratch buffer, else with a
/// temporary buffer of `count` floats that lives for the duration of the call.
func withScratch<Result>(
    _ provided: UnsafeMutablePointer<Float>?, count: Int,
    _ body: (UnsafeMutablePointer<Float>) throws -> Result
) rethrows -> Result {
    if let provided { return try body(provided) }
    let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    defer { buffer.deallocate() }
    return try body(buffer)
}

/// Throws `KernelError.invalidParameters` for `op` with `message` unless `condition` holds.
func require(_ condition: Bool, _ op: String, _ message: @autoclosure () -> String) throws {
    if !condition { throw KernelError.invalidParameters(op: op, message: message()) }
}
