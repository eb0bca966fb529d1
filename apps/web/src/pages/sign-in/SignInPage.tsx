import { Alert, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiRequestError } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { safeNext } from '../../paths';

interface SignInForm {
  email: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { status, signIn } = useAuth();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<SignInForm>({ defaultValues: { email: '', password: '' } });

  if (status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;

  const reason = params.get('reason');
  const onSubmit = handleSubmit(async ({ email, password }) => {
    setFailure(null);
    try {
      await signIn(email, password);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) setFailure(t('signIn.invalidCredentials'));
      else if (error instanceof ApiRequestError && error.status === 429) setFailure(t('signIn.tooManyAttempts'));
      else setFailure(t('signIn.failed', { message: error instanceof Error ? error.message : String(error) }));
    }
  });

  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={1} size="h3">
            {t('signIn.title')}
          </Title>
          {reason === 'expired' ? (
            <Alert color="yellow" role="status">
              {t('signIn.sessionEnded')}
            </Alert>
          ) : null}
          {reason === 'signed-out' ? <Alert role="status">{t('signIn.signedOut')}</Alert> : null}
          {failure ? (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          ) : null}
          <TextInput
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            error={errors.email?.message}
            {...register('email', { required: t('signIn.required') })}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            error={errors.password?.message}
            {...register('password', { required: t('signIn.required') })}
          />
          <Button type="submit" loading={isSubmitting}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
