import CNCursesW

/// Hands memory the workbench has freed back to the system. glibc keeps freed blocks in its per-thread arenas
/// for reuse, so after a burst — a resumed session laid out for its first frame, a long reply streamed — the
/// process stays as large as the burst made it. Called once after such a burst, never per token: a trim walks
/// every arena (about a millisecond for this heap).
enum FreedMemory {
    static func release() {
        sb_release_freed_memory()
    }
}
