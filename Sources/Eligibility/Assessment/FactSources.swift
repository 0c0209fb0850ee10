extension Assessor {
    /// A decision read some facts directly; those facts read others, parameters and history items. A
    /// decision lists all of them, in the order the facts were computed (so each after the facts it
    /// stands on), then the parameters and history items. What each fact stands on is worked out once
    /// per assessment, as bit sets over the facts, parameters and history items, and shared by every
    /// decision.
    struct FactSources {
        private let order: [String]
        private let position: [String: Int]
        private let parameterPosition: [String: Int]
        private let parameterPaths: [String]
        private let inputs: FactInputs
        private let historyCount: Int
        private var closures: [Int: Closure] = [:]

        private struct Closure {
            var facts = BitSet(), parameters = BitSet(), history = BitSet()
            /// Parameters read at another date (`params_on`), in first-read order: few, and not one bit each.
            var datedParameters: [ParameterRead] = []

            mutating func formUnion(_ other: Closure) {
                facts.formUnion(other.facts)
                parameters.formUnion(other.parameters)
                history.formUnion(other.history)
                for read in other.datedParameters where !datedParameters.contains(read) { datedParameters.append(read) }
            }
        }

        init(inputs: FactInputs, computed: [FactValue], parameters: ParameterSet, history: History) {
            order = computed.map(\.id)
            position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            parameterPaths = parameters.parameters.map(\.path)
            parameterPosition = Dictionary(parameterPaths.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            self.inputs = inputs
            historyCount = history.grants.count
        }

        /// The facts, parameters and history items (by number less one) fact `index` was computed from,
        /// directly or not.
        private mutating func closure(_ index: Int) -> Closure {
            if let known = closures[index] { return known }
            var all = Closure()
            for input in inputs[order[index]]?.facts ?? [] {
                guard let inner = position[input] else { continue }
                all.facts.insert(inner)
                all.formUnion(closure(inner))
            }
            for read in inputs[order[index]]?.parameters ?? [] {
                if read.on != nil {
                    if !all.datedParameters.contains(read) { all.datedParameters.append(read) }
                } else if let at = parameterPosition[read.path] {
                    all.parameters.insert(at)
                }
            }
            for number in inputs[order[index]]?.history ?? [] where number >= 1 && number <= historyCount {
                all.history.insert(number - 1)
            }
            closures[index] = all
            return all
        }

        mutating func complete(_ decision: inout ProgrammeDecision, parameters inForce: ParametersInForce) {
            var all = Closure()
            for id in decision.factsUsed {
                guard let index = position[id] else { continue }
                all.facts.insert(index)
                all.formUnion(closure(index))
            }
            decision.factsUsed = all.facts.members.map { order[$0] }
            let direct = Set(decision.parametersUsed.map(\.read))
            let added = (all.parameters.members.map { ParameterRead(path: parameterPaths[$0], on: nil) } + all.datedParameters)
                .filter { !direct.contains($0) }
            decision.parametersUsed += inForce.uses(added)
            let used = Set(decision.historyUsed)
            decision.historyUsed += all.history.members.map { $0 + 1 }.filter { !used.contains($0) }
        }
    }
}
