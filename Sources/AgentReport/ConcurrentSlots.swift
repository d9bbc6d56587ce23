import Foundation

/// One slot per concurrent worker, written as each finishes, read when all are done: how
/// work spread over `DispatchQueue.concurrentPerform` keeps its input order.
public final class ConcurrentSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    public init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    public subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    public var values: [Value?] { lock.withLock { slots } }
}
