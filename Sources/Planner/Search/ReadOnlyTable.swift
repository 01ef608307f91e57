/// A table the search only reads, built once from an array: indexed without a bounds check in
/// release builds (an `assert` checks it in debug builds, where the tests run). The planner's
/// inner loops read these tables a few hundred times per search step; with them instead of
/// plain arrays a step took ~6 % less time (CHANGELOG, stop 28). Only for tables never written
/// after they are built: a wrong index reads a wrong number, it cannot write anywhere.
struct ReadOnlyTable<Element>: RandomAccessCollection {
    /// Owns the memory `base` points into; shared by copies of the table.
    private final class Storage {
        let base: UnsafeMutablePointer<Element>
        let count: Int

        init(_ elements: [Element]) {
            count = elements.count
            base = .allocate(capacity: Swift.max(1, count))
            _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: elements)
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    private let storage: Storage
    private let base: UnsafePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        storage = Storage(elements)
        base = UnsafePointer(storage.base)
        count = elements.count
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always) subscript(index: Int) -> Element {
        assert(index >= 0 && index < count, "index \(index) out of a table of \(count)")
        return base[index]
    }
}

// Shared between search threads safely: nothing writes the memory after it is built.
extension ReadOnlyTable: @unchecked Sendable where Element: Sendable {}
