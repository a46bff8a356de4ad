import GraphIR

extension Block {
    /// Every parameter of the block and its descendants, each once: the block's own first,
    /// then each child's in registration order (Gluon's `collect_params`).
    public func collectParameters() -> [Parameter] {
        var seen: Set<String> = []
        var result: [Parameter] = []
        func visit(_ block: any Block) {
            for parameter in block.core.parameters where seen.insert(parameter.name).inserted {
                result.append(parameter)
            }
            block.core.children.forEach(visit)
        }
        visit(self)
        return result
    }

    /// The parameter with this full name, if the block or a descendant owns it.
    public func parameter(named name: String) -> Parameter? {
        collectParameters().first { $0.name == name }
    }

    /// Sets the value of the parameter named `name`.
    ///
    /// - Throws: `LayerError.unknownParameter` when there is none, `LayerError.parameterShape`
    ///   when the value's shape contradicts the parameter's.
    public func setParameter(_ name: String, _ value: Tensor) throws {
        let parameters = collectParameters()
        guard let parameter = parameters.first(where: { $0.name == name }) else {
            throw LayerError.unknownParameter(name: name, known: parameters.map(\.name))
        }
        try parameter.setValue(value)
    }

    /// Initialises every parameter without a value (every parameter when
    /// `forceReinitialization`), as Gluon's `initialize`: a parameter's own initializer wins
    /// (zeros for biases, ones for gammas …), the others use `initializer`.
    ///
    /// Each parameter draws from its own `RandomState`, seeded from `seed` and its name, so
    /// values do not depend on the order of initialisation. A parameter whose shape is still
    /// deferred is initialised when `graph(inputShapes:)` infers it.
    ///
    /// - Throws: `InitializerError` when the initializer cannot fill a parameter.
    public func initialize(_ initializer: any Initializer = Uniform(), seed: UInt32 = 0,
                           forceReinitialization: Bool = false) throws {
        for parameter in collectParameters() {
            try parameter.initialize(fallback: initializer, seed: seed, force: forceReinitialization)
        }
    }
}
