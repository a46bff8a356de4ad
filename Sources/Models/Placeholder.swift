import GraphIR
