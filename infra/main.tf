# Terraform owns Pub/Sub topics, Cloud Run, IAM and secrets (see ARCHITECTURE.md).
# Resources arrive with the serverless issue; this file pins the provider so `terraform fmt` has a root.
terraform {
  required_version = ">= 1.6"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

variable "project_id" {
  type        = string
  description = "Google Cloud project id (demo-* ids for local work)."
}

variable "region" {
  type    = string
  default = "europe-west1"
}
