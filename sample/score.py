"""Scoring script of the sample deployment: a linear model over 4 features.

Azure ML calls init() once when a worker starts and run() for each request
to /score. The model file is found through AZUREML_MODEL_DIR, as in real
Azure ML deployments.
"""
import json
import os

model = None


def init():
    global model
    model_dir = os.getenv("AZUREML_MODEL_DIR", ".")
    model_path = os.path.join(model_dir, "model", "model.json")
    with open(model_path, encoding="utf-8") as handle:
        model = json.load(handle)
    print("Model loaded from", model_path)


def predict(row):
    total = model["bias"]
    for weight, value in zip(model["weights"], row):
        total += weight * value
    return round(total, 4)


def run(raw_data):
    data = json.loads(raw_data)["data"]
    predictions = [predict(row) for row in data]
    return {"predictions": predictions, "model": model["name"]}
