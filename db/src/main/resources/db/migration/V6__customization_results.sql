-- What a customization trial measured (CustomizationResult as JSON: concept, rank, trained parameters, delta bytes,
-- training seconds, fidelity, retention, Fréchet distance). Null for every compression trial.
ALTER TABLE results ADD COLUMN customization_json jsonb;
