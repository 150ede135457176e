project_id     = "demo-orderflow-prod"
environment    = "prod"
region         = "europe-west1"
image          = "europe-west1-docker.pkg.dev/demo-orderflow-prod/engine/ingest-runner:REPLACE_WITH_RELEASE_TAG"
engine_mode    = "paper" # switch to "live" deliberately, after a paper run on this project
reports_bucket = "demo-orderflow-prod.firebasestorage.app"
venue          = "binance-usdm"
symbols        = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "DOGEUSDT"]

min_instances      = 2
max_instances      = 6
runner_cpu         = "2"
runner_memory      = "2Gi"
reconcile_schedule = "*/5 * * * *"
