extension ConvolutionKernel {
    /// The Winograd form on weights packed at compile time, when this convolution has one
    /// worth using; the weight is input 1, the bias (when `hasBias`) input 2, and the residual
    /// (when given) the input at `residual`.
    func winogradPacking(hasBias: Bool, residual: Int?, activation: ActivationFunction?) -> ConstantPacking? {
        guard let winograd = WinogradConvolutionKernel(self), winograd.isWorthwhile else { return nil }
        return ConstantPacking(
            input: 1, count: winograd.packedWeightCount, pack: winograd.packWeight, scratchCount: winograd.scratchCount
        ) { i, o, s, t in
            winograd.apply(input: i[0], packedWeight: i[1], bias: hasBias ? i[2] : nil, residual: residual.map { i[$0] },
                           activation: activation, output: o[0], scratch: s, threads: t)
        }
    }
}
