"""Scoring script of the sample Azure ML v2 deployment: a linear model over 4 features.

Azure ML calls init() once when a worker starts and run() for each request
to /score. The model folder is under AZUREML_MODEL_DIR, with its own name
("model") as a level, both in Azure and in `az ml online-deployment create
--local`.
"""
import json
import os

model = None


def init():
    global model
    model_path = os.path.join(os.environ["AZUREML_MODEL_DIR"], "model", "model.json")
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
