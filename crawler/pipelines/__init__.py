"""Item pipelines: extraction (stateless, runs on any worker) then storage (the single archive writer)."""
