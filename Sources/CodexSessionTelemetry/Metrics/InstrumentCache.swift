import OtelSDK
import Synchronization

/// The metrics client's instruments by name: read without a lock, on every metrics call.
///
/// An open-addressing table of immutable entries whose slots are atomic words. Readers load the
/// current table and probe it; they write nothing, so threads looking names up never contend.
/// A writer (the first use of a name, under a mutex) fills an empty slot, publishing the entry
/// with a release store, or, when the table would be more than half full, publishes a bigger
/// copy. Nothing is ever removed: entries and superseded tables stay allocated until the cache
/// is released, which is what makes the unlocked reads safe (no reader can see memory that was
/// freed). Superseded tables add up to less than the current one, and there is one entry per
/// metric name the client was asked for.
///
/// Safe to share (`@unchecked Sendable`): `current` is atomic and points to a table kept alive
/// by `writer`'s list until deinit; slots are atomics written under the mutex; entries are
/// immutable.
final class InstrumentCache: @unchecked Sendable {
    private final class Entry: Sendable {
        let name: String
        let hash: UInt64
        let instrument: SyncInstrument
        /// The two words of `name`'s `String` value (see ``identity(of:)``).
        let words: (UInt64, UInt64)

        init(name: String, hash: UInt64, instrument: SyncInstrument) {
            self.name = name
            self.hash = hash
            self.instrument = instrument
            words = InstrumentCache.words(of: name)
        }
    }

    /// Safe to share (`@unchecked Sendable`): `slots` are atomics allocated in init and freed in
    /// deinit; `mask` is immutable.
    private final class Table: @unchecked Sendable {
        let mask: Int
        let slots: UnsafeMutablePointer<Atomic<UInt>>

        init(capacity: Int) {
            mask = capacity - 1
            slots = .allocate(capacity: capacity)
            for index in 0..<capacity { (slots + index).initialize(to: Atomic(0)) }
        }

        deinit {
            slots.deinitialize(count: mask + 1)
            slots.deallocate()
        }
    }

    private struct Writer {
        var entries: [Entry] = []
        var tables: [Table] = []
    }

    private let current = Atomic<UInt>(0)
    private let writer = Mutex(Writer())
    /// Entries by the words of their name's `String` value, a direct-mapped table that is never
    /// resized (a slot keeps its first entry): a caller passing the same `String` the entry
    /// was made from (a literal, whose words are the same at every call) finds the instrument
    /// without reading the name's bytes.
    private let identities: Table

    init() {
        let table = Table(capacity: 16)
        writer.withLock { $0.tables.append(table) }
        current.store(UInt(bitPattern: Unmanaged.passUnretained(table).toOpaque()), ordering: .releasing)
        identities = Table(capacity: 256)
    }

    /// The two words of a `String` value on 64-bit platforms (its bytes, or its storage's
    /// address and flags). Equal words mean equal strings: an entry keeps its name, so the
    /// storage those words point to cannot be freed and reused for another string.
    @inline(__always)
    private static func words(of name: String) -> (UInt64, UInt64) {
        #if _pointerBitWidth(_64)
        return unsafeBitCast(name, to: (UInt64, UInt64).self)
        #else
        return (UInt64(UInt(bitPattern: name.hashValue)), 0)
        #endif
    }

    @inline(__always)
    private static func identitySlot(_ words: (UInt64, UInt64), mask: Int) -> Int {
        Int(truncatingIfNeeded: ((words.0 ^ words.1 >> 7) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// The instrument named `name`, or `nil` when there is none yet. Unmanaged: the cache keeps
    /// it alive for as long as the cache lives, and the caller touches no reference count.
    @inline(__always)
    func find(_ name: String) -> Unmanaged<SyncInstrument>? {
        #if _pointerBitWidth(_64)
        let words = Self.words(of: name)
        let slot = identities.slots[Self.identitySlot(words, mask: identities.mask)].load(ordering: .acquiring)
        if let entry = UnsafeRawPointer(bitPattern: slot) {
            let found = Unmanaged<Entry>.fromOpaque(entry)._withUnsafeGuaranteedRef { entry in
                entry.words == words ? Unmanaged.passUnretained(entry.instrument) : nil
            }
            if let found { return found }
        }
        #endif
        return findByName(name)
    }

    private func findByName(_ name: String) -> Unmanaged<SyncInstrument>? {
        let hash = MetricNameHashing.hash(name)
        guard let table = UnsafeRawPointer(bitPattern: current.load(ordering: .acquiring)) else { return nil }
        return Unmanaged<Table>.fromOpaque(table)._withUnsafeGuaranteedRef { table in
            var index = Int(truncatingIfNeeded: hash) & table.mask
            while let entry = UnsafeRawPointer(bitPattern: table.slots[index].load(ordering: .acquiring)) {
                let found = Unmanaged<Entry>.fromOpaque(entry)._withUnsafeGuaranteedRef { entry in
                    entry.hash == hash && MetricNameHashing.equal(entry.name, name)
                        ? Unmanaged.passUnretained(entry.instrument) : nil
                }
                if let found { return found }
                index = (index + 1) & table.mask
            }
            return nil
        }
    }

    /// The instrument named `name`, made by `make` when the name is new.
    func instrument(named name: String, make: () -> SyncInstrument) -> SyncInstrument {
        let hash = MetricNameHashing.hash(name)
        return writer.withLock { writer in
            if let existing = writer.entries.first(where: { $0.hash == hash && $0.name == name }) {
                return existing.instrument
            }
            let entry = Entry(name: name, hash: hash, instrument: make())
            writer.entries.append(entry)
            let identity = identities.slots + Self.identitySlot(entry.words, mask: identities.mask)
            if identity.pointee.load(ordering: .relaxed) == 0 {
                identity.pointee.store(
                    UInt(bitPattern: Unmanaged.passUnretained(entry).toOpaque()), ordering: .releasing)
            }
            guard var table = writer.tables.last else { return entry.instrument }
            if writer.entries.count * 2 > table.mask + 1 {
                let bigger = Table(capacity: (table.mask + 1) * 2)
                for existing in writer.entries.dropLast() { Self.place(existing, in: bigger) }
                writer.tables.append(bigger)
                table = bigger
                Self.place(entry, in: table)
                current.store(UInt(bitPattern: Unmanaged.passUnretained(table).toOpaque()), ordering: .releasing)
            } else {
                Self.place(entry, in: table)
            }
            return entry.instrument
        }
    }

    private static func place(_ entry: Entry, in table: Table) {
        var index = Int(truncatingIfNeeded: entry.hash) & table.mask
        while table.slots[index].load(ordering: .relaxed) != 0 { index = (index + 1) & table.mask }
        table.slots[index].store(UInt(bitPattern: Unmanaged.passUnretained(entry).toOpaque()), ordering: .releasing)
    }
}
