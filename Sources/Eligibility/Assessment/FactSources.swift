extension Assessor {
    /// A decision read some facts directly; those facts read others and parameters. A decision lists all
    /// of them, in the order the facts were computed (so each after the facts it stands on), then the
    /// parameters. What each fact stands on is worked out once per assessment, as bit sets over the
    /// facts and parameters, and shared by every decision.
    struct FactSources {
        private let order: [String]
        private let position: [String: Int]
        private let parameterPosition: [String: Int]
        private let parameterPaths: [String]
        private let inputs: FactInputs
        private var closures: [Int: (facts: BitSet, parameters: BitSet)] = [:]

        init(inputs: FactInputs, computed: [FactValue], parameters: ParameterSet) {
            order = computed.map(\.id)
            position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            parameterPaths = parameters.parameters.map(\.path)
            parameterPosition = Dictionary(parameterPaths.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            self.inputs = inputs
        }

        /// The facts and parameters fact `index` was computed from, directly or not.
        private mutating func closure(_ index: Int) -> (facts: BitSet, parameters: BitSet) {
            if let known = closures[index] { return known }
            var facts = BitSet(), parameters = BitSet()
            for input in inputs[order[index]]?.facts ?? [] {
                guard let inner = position[input] else { continue }
                facts.insert(inner)
                let sub = closure(inner)
                facts.formUnion(sub.facts)
                parameters.formUnion(sub.parameters)
            }
            for path in inputs[order[index]]?.parameters ?? [] {
                if let at = parameterPosition[path] { parameters.insert(at) }
            }
            closures[index] = (facts, parameters)
            return (facts, parameters)
        }

        mutating func complete(_ decision: inout ProgrammeDecision, parameters inForce: ParametersInForce) {
            var facts = BitSet(), parameters = BitSet()
            for id in decision.factsUsed {
                guard let index = position[id] else { continue }
                facts.insert(index)
                let sub = closure(index)
                facts.formUnion(sub.facts)
                parameters.formUnion(sub.parameters)
            }
            decision.factsUsed = facts.members.map { order[$0] }
            let direct = Set(decision.parametersUsed.map(\.path))
            let added = parameters.members.map { parameterPaths[$0] }.filter { !direct.contains($0) }
            decision.parametersUsed += inForce.uses(added)
        }
    }
}
