"""Failed attempts are retried after an exponential backoff, until max_attempts; expected
failures that cannot improve fail at once."""

from __future__ import annotations

from datetime import timedelta

from jobs.conftest import StartWorker
from jobs.world import World
from service_runtime.jobs.runner import RetryPolicy
from service_runtime.jobs.status import JobStatus

BASE = 0.3  # jobs_retry_base_seconds of the test world


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    policy = RetryPolicy(base=timedelta(seconds=2), cap=timedelta(seconds=10))
    waits = [policy.backoff(attempt).total_seconds() for attempt in range(1, 6)]
    assert waits == [2, 4, 8, 10, 10]


async def test_a_failing_job_is_retried_with_growing_waits_until_it_succeeds(
    world: World, start_worker: StartWorker
) -> None:
    starts: list[float] = []
    await start_worker(starts)

    job = await world.wait_for(await world.enqueue("flaky", {"succeed_on": 3}))

    assert (job.status, job.attempts, job.result) == (JobStatus.SUCCEEDED, 3, {"attempt": 3})
    assert (job.error_code, job.error_message, job.progress) == (None, None, 1.0)
    first_wait, second_wait = starts[1] - starts[0], starts[2] - starts[1]
    assert first_wait >= BASE
    assert second_wait >= 2 * BASE  # (logging the failure adds noise, so no upper bound)


async def test_a_retry_waits_queued_with_its_time_and_the_last_error(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker(jobs_retry_base_seconds=30)
    job_id = await world.enqueue("flaky", {"succeed_on": 2})

    job = await world.wait_for(job_id, lambda row: row.attempts == 1 and row.status == "queued")

    assert (job.error_code, job.error_message) == ("UNEXPECTED_ERROR", "Unexpected error.")
    wait = (job.next_attempt_at - job.updated_at).total_seconds()
    assert 29 <= wait <= 31
    assert job.dispatched_at is None  # the sweeper sends it when it is due


async def test_a_job_failing_every_attempt_fails_after_max_attempts(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker(jobs_retry_base_seconds=0.05)

    job = await world.wait_for(await world.enqueue("flaky", {"succeed_on": 99}, max_attempts=2))

    assert (job.status, job.attempts, job.error_code) == (JobStatus.FAILED, 2, "UNEXPECTED_ERROR")
    assert job.finished_at is not None
    assert job.result is None


async def test_an_expected_failure_without_retry_fails_at_once_with_its_code(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker()

    job = await world.wait_for(await world.enqueue("refuse", {}))

    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert (job.error_code, job.error_message) == ("BAD_INPUT", "The input can never work.")


async def test_a_result_past_the_bound_and_an_unknown_kind_fail_with_their_codes(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker()

    huge = await world.wait_for(await world.enqueue("huge", {}))
    unknown = await world.wait_for(await world.enqueue("no-such-kind", {}))

    assert (huge.status, huge.error_code, huge.result) == ("failed", "RESULT_TOO_LARGE", None)
    assert (unknown.status, unknown.error_code) == ("failed", "UNKNOWN_JOB_KIND")
