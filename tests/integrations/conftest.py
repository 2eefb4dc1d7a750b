"""One real Dask cluster per test session: 2 worker processes, as a small deployment has.

Tests that use it are marked `xdist_group("dask")`, so under `pytest -n 2 --dist loadgroup`
they all run in one xdist worker and share the cluster instead of starting one each.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
