/// W3C Baggage: user-defined name/value pairs that travel with the context.
public struct Baggage: Sendable, Hashable {
    /// The entries in insertion order; a name appears once.
    public var entries: [(name: String, value: String)] { storage.map { ($0.name, $0.value) } }

    private struct Entry: Sendable, Hashable {
        var name: String
        var value: String
    }

    private var storage: [Entry]

    /// Empty baggage.
    public init() { storage = [] }

    /// Whether there are no entries.
    public var isEmpty: Bool { storage.isEmpty }

    /// The value of `name`, or `nil`; assigning `nil` removes it.
    public subscript(name: String) -> String? {
        get { storage.first { $0.name == name }?.value }
        set {
            if let index = storage.firstIndex(where: { $0.name == name }) {
                if let newValue { storage[index].value = newValue } else { storage.remove(at: index) }
            } else if let newValue {
                storage.append(Entry(name: name, value: newValue))
            }
        }
    }
}
