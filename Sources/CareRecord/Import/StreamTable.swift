import EventLog

/// Stream names interned as small integer ids, so the state an import keeps per stream is held in
/// arrays indexed by id and a line's stream name is hashed once (when its id is found), not once
/// per question about it.
///
/// Ids are reused: a name removed gives its id back, and the next name added takes it, so the
/// ids in use (and every array indexed by them) never exceed the most names held at once, however
/// many streams pass through.
struct StreamTable {
    /// Each name held and its id.
    private var ids: [StreamName: Int32] = [:]
    /// The name of each id (`nil`: the id is free).
    private var names: [StreamName?] = []
    /// Ids given back, reused before new ones are made.
    private var free: [Int32] = []

    /// The number of names held.
    var count: Int { ids.count }

    /// One more than the highest id given so far (the size an array indexed by id needs).
    var capacity: Int { names.count }

    /// The id of `name`, if it is held.
    func id(of name: StreamName) -> Int? {
        ids[name].map(Int.init)
    }

    /// The name of a held id (`nil` for a free one).
    func name(of id: Int) -> StreamName? {
        id < names.count ? names[id] : nil
    }

    /// The id of `name`, given it if it is not held yet (found with one hash of the name either
    /// way); `added` says whether it was given now.
    mutating func intern(_ name: StreamName) -> (id: Int, added: Bool) {
        let next = free.last ?? Int32(names.count)
        var added = false
        let id = Self.settle(&ids[name, default: -1], next: next, added: &added)
        guard added else { return (Int(id), false) }
        if free.isEmpty {
            names.append(name)
        } else {
            free.removeLast()
            names[Int(id)] = name
        }
        return (Int(id), true)
    }

    /// Gives an id back (a free id is left as it is).
    mutating func remove(_ id: Int) {
        guard id < names.count, let name = names[id] else { return }
        ids[name] = nil
        names[id] = nil
        free.append(Int32(id))
    }

    /// The id in a dictionary slot: `next` put there if the slot was empty (`-1`).
    private static func settle(_ slot: inout Int32, next: Int32, added: inout Bool) -> Int32 {
        if slot < 0 {
            slot = next
            added = true
        }
        return slot
    }
}
