//! A parallel map that deals the items out in order.
//!
//! rayon's parallel iterators split a list recursively, so with two threads one starts at the
//! beginning and the other in the middle. The cell stage's results are written to the
//! certificate file as they come, in the canonical order ([`crate::certificate::streamed`]):
//! with a recursive split half of them would wait in memory for the first half. Here the
//! threads take the next `grain` items from a shared counter instead, so the items are
//! finished nearly in order, and a thread that finishes early simply takes the next ones (no
//! thread is left alone with a long run at the end). Each output is written in place, at its
//! item's index, by the thread that computed it.

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `f(index, item)` for every item, in parallel on the current rayon pool, the items dealt out
/// in order `grain` at a time; the outputs in the order of the items.
pub fn map<I: Sync, T: Send>(items: &[I], grain: usize, f: impl Fn(usize, &I) -> T + Sync) -> Vec<T> {
    let n = items.len();
    let grain = grain.max(1);
    let tasks = n.div_ceil(grain);
    let mut out: Vec<MaybeUninit<T>> = Vec::with_capacity(n);
    out.resize_with(n, MaybeUninit::uninit);
    let slots = Slots(out.as_mut_ptr());
    let next = AtomicUsize::new(0);
    rayon::broadcast(|_| {
        loop {
            let t = next.fetch_add(1, Ordering::Relaxed);
            if t >= tasks {
                break;
            }
            let first = t * grain;
            for (i, item) in items[first..n.min(first + grain)].iter().enumerate() {
                let i = first + i;
                let value = f(i, item);
                // SAFETY: `i < n = out.len()`, and index `i` belongs to task `t` alone, which
                // the counter hands to exactly one thread: no two writes touch one slot, and
                // `out` is neither moved nor read until `broadcast` has returned.
                unsafe { slots.write(i, value) };
            }
        }
    });
    // Every task was taken (the counter passed `tasks` on every thread before it stopped) and
    // ran to its end (a panic in `f` propagates out of `broadcast`, and the written slots are
    // then leaked, never read), so every slot holds a value.
    let mut out = std::mem::ManuallyDrop::new(out);
    // SAFETY: `MaybeUninit<T>` has the layout of `T`; all `n` slots are initialised (above); the
    // pointer and capacity are those of the allocation, which `out` no longer owns.
    unsafe { Vec::from_raw_parts(out.as_mut_ptr().cast::<T>(), n, out.capacity()) }
}

/// The output slots, shared by the threads (each writes its own).
struct Slots<T>(*mut MaybeUninit<T>);

// SAFETY: the threads write disjoint slots of one allocation that outlives them (see `map`);
// sending a `T` to another thread is allowed by `T: Send`.
unsafe impl<T: Send> Sync for Slots<T> {}

impl<T> Slots<T> {
    /// # Safety
    /// `i` is in bounds, and no other thread writes or reads slot `i`.
    unsafe fn write(&self, i: usize, value: T) {
        // SAFETY: by the caller.
        unsafe { self.0.add(i).write(MaybeUninit::new(value)) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_in_item_order_for_every_grain_and_pool_size() {
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for n in [0usize, 1, 2, 7, 8, 9, 100, 1001] {
                let items: Vec<u64> = (0..n as u64).map(|v| v * 3 + 1).collect();
                for grain in [0, 1, 3, 8, 2000] {
                    let got = pool.install(|| map(&items, grain, |i, v| (i, v * 2, format!("{v}"))));
                    let want: Vec<_> = items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (i, v * 2, format!("{v}")))
                        .collect();
                    assert_eq!(got, want, "threads {threads}, n {n}, grain {grain}");
                }
            }
        }
    }

    #[test]
    fn a_panic_in_the_function_propagates() {
        let items: Vec<u32> = (0..50).collect();
        let result = std::panic::catch_unwind(|| {
            map(&items, 4, |i, _| {
                assert!(i != 37, "boom");
                vec![i; 3]
            })
        });
        assert!(result.is_err());
    }
}
