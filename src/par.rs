//! A parallel map that keeps order: the one piece of threading the stages
//! share (rules of one file, findings to render, files of a directory).

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, on up to `threads` threads; items are
/// taken one at a time, so uneven items balance out. The results are in the
/// order of `items` whatever the number of threads. A panic in `f` is
/// carried to the caller.
pub fn map<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let workers = threads.min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = vec![work()];
        for h in helpers {
            all.push(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        for (i, r) in all.into_iter().flatten() {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(r);
            }
        }
    });
    // every index below `items.len()` was taken by exactly one worker
    slots.into_iter().flatten().collect()
}

/// The parts of a [`map`] joined in order into one vector of the exact size:
/// a growing vector would briefly hold up to twice the items next to the
/// parts.
pub fn concat<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_for_any_thread_count() {
        let items: Vec<u64> = (0..1000).collect();
        let serial: Vec<u64> = items.iter().map(|x| x * x).collect();
        for threads in [0, 1, 2, 3, 8, 2000] {
            assert_eq!(super::map(&items, threads, |x| x * x), serial);
        }
        assert!(super::map(&[] as &[u8], 4, |x| *x).is_empty());
        assert_eq!(super::concat(vec![vec![1], vec![], vec![2, 3]]), [1, 2, 3]);
    }
}
