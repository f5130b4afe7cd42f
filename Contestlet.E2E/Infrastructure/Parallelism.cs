// Each collection starts its own app and browser. Run side by side on a 2-core CI machine, three apps, three Chromiums
// and the circuits' round trips starve each other and a click can wait past Playwright's timeout (seen once in CI: a
// console save that never navigated). One collection at a time costs about two minutes and removes that contention.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
