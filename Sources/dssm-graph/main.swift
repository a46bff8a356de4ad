print("dssm-graph")
