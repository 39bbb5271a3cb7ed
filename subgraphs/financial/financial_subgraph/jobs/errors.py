"""Typed errors of the job mutations."""

from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class JobErrorCode(enum.Enum):
    JOB_NOT_FOUND = "JOB_NOT_FOUND"
    NOT_CANCELLABLE = "NOT_CANCELLABLE"


@strawberry.type(description="Why a job operation was refused; nothing was changed.")
class JobError(DomainError):
    code: JobErrorCode
    message: str


def job_not_found() -> JobError:
    return JobError(code=JobErrorCode.JOB_NOT_FOUND, message="No such job.")


def not_cancellable() -> JobError:
    return JobError(code=JobErrorCode.NOT_CANCELLABLE, message="The job has finished already.")
