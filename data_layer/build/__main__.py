"""``python -m data_layer.build``: build the Datenbasis (see :func:`data_layer.build.pipeline.main`)."""

from data_layer.build.pipeline import main

raise SystemExit(main())
