# Provider pins. The google provider cannot be downloaded on the offline build machine, so CI runs
# `terraform fmt -check` there and test/unit/infra/terraform.test.ts checks the parsed files.
terraform {
  required_version = ">= 1.6"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = {
    app         = "orderflow-engine"
    environment = var.environment
  }
}

data "google_project" "this" {
  project_id = var.project_id
}
