import CGraphviz
import Synchronization

/// An output format of `render(dot:format:)`.
public enum RenderFormat: String, Sendable, CaseIterable {
    /// Scalable vector graphics, from graphviz's core `svg` renderer.
    case svg
    /// A PNG bitmap, from graphviz's best installed `png` device (cairo when present).
    case png
    /// The input DOT text, unchanged.
    case dot
}

/// Graphviz refused a graph: a syntax error, a failed layout or a missing renderer.
public struct GraphvizError: Error, Sendable, CustomStringConvertible {
    /// What graphviz said, or what step failed when it said nothing.
    public let message: String

    /// Creates an error carrying graphviz's message.
    public init(message: String) { self.message = message }

    public var description: String { "graphviz: \(message)" }
}

/// Lays out `dot` with graphviz's `dot` engine in-process (libgvc) and renders it.
///
/// Graphviz keeps global state, so calls are serialized; the `dot` format returns the
/// input's UTF-8 bytes without touching graphviz.
public func render(dot: String, format: RenderFormat) throws -> [UInt8] {
    if format == .dot { return Array(dot.utf8) }
    return try renderLock.withLock { _ in try renderLocked(dot: dot, format: format) }
}

/// Held for the whole of each graphviz call sequence.
private let renderLock = Mutex(())

/// What graphviz reported through `agseterrf` during the current render (with the error
/// level at `AGWARN`, every message goes to the handler rather than to `aglasterr`'s file).
private let reportedMessages = Mutex("")

/// Receives graphviz's error and warning text, which arrives in pieces ("Error", ": ", text).
private let collectMessage: agusererrf = { text in
    if let text {
        let piece = String(cString: text)
        reportedMessages.withLock { $0 += piece }
    }
    return 0
}

private func renderLocked(dot: String, format: RenderFormat) throws -> [UInt8] {
    reportedMessages.withLock { $0 = "" }
    let previousHandler = agseterrf(collectMessage)
    let previousLevel = agseterr(AGWARN)
    defer {
        agseterr(previousLevel)
        agseterrf(previousHandler)
    }

    guard let context = gvContext() else { throw failure("could not create a graphviz context") }
    defer { gvFreeContext(context) }
    guard let graph = dot.withCString({ agmemread($0) }) else {
        throw failure("the DOT text holds no graph")
    }
    defer { agclose(graph) }
    guard gvLayout(context, graph, "dot") == 0 else { throw failure("the dot layout failed") }
    defer { gvFreeLayout(context, graph) }

    var data: UnsafeMutablePointer<CChar>?
    var length: UInt32 = 0
    let status = gvRenderData(context, graph, format.rawValue, &data, &length)
    defer { if let data { gvFreeRenderData(data) } }
    guard status == 0, let data else { throw failure("rendering to \(format.rawValue) failed") }
    return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
}

/// An error with graphviz's own words when it gave any, else with `fallback`.
private func failure(_ fallback: String) -> GraphvizError {
    let message = reportedMessages.withLock { $0 }.trimmingTrailingWhitespace()
    return GraphvizError(message: message.isEmpty ? fallback : message)
}

private extension String {
    func trimmingTrailingWhitespace() -> String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
