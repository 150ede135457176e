project_id     = "demo-orderflow-dev"
environment    = "dev"
region         = "europe-west1"
image          = "europe-west1-docker.pkg.dev/demo-orderflow-dev/engine/ingest-runner:latest"
engine_mode    = "paper"
reports_bucket = "demo-orderflow-dev.firebasestorage.app"
venue          = "binance-usdm"
symbols        = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "DOGEUSDT"]

min_instances = 1
max_instances = 2
runner_memory = "1Gi"
