import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiRequestError, unwrap } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { safeNext } from '../../paths';

interface ChangePasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Also the only screen an account sees while the API answers PASSWORD_CHANGE_REQUIRED. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user, passwordChanged } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ChangePasswordForm>({ defaultValues: { currentPassword: '', newPassword: '', confirm: '' } });
  const forced = user?.mustChangePassword === true;

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    setFailure(null);
    try {
      const pair = unwrap(await api.POST('/auth/password', { body: { currentPassword, newPassword } }));
      await passwordChanged(pair.accessToken);
      reset();
      setDone(true);
      if (forced) navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      const current = error instanceof ApiRequestError ? error.fieldError('currentPassword') : undefined;
      const next = error instanceof ApiRequestError ? error.fieldError('newPassword') : undefined;
      if (current) setError('currentPassword', { message: t('changePassword.wrongCurrent') });
      else if (next?.includes('differ')) setError('newPassword', { message: t('changePassword.sameAsCurrent') });
      else setFailure(error);
    }
  });

  return (
    <Paper withBorder p="lg" radius="md" maw={480}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={1} size="h3">
            {t('changePassword.title')}
          </Title>
          {forced ? <Text>{t('changePassword.forced')}</Text> : null}
          {done ? (
            <Alert color="green" role="status">
              {t('changePassword.done')}
            </Alert>
          ) : null}
          {failure ? <ErrorNotice error={failure} /> : null}
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
            label={t('changePassword.current')}
            autoComplete="current-password"
            required
            error={errors.currentPassword?.message}
            {...register('currentPassword', { required: t('signIn.required') })}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
            label={t('changePassword.new')}
            description={t('changePassword.newHint')}
            autoComplete="new-password"
            required
            error={errors.newPassword?.message}
            {...register('newPassword', {
              required: t('signIn.required'),
              minLength: { value: 12, message: t('changePassword.tooShort') },
              validate: (value, form) => value !== form.currentPassword || t('changePassword.sameAsCurrent'),
            })}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.togglePassword') }}
            label={t('changePassword.confirm')}
            autoComplete="new-password"
            required
            error={errors.confirm?.message}
            {...register('confirm', {
              validate: (value, form) => value === form.newPassword || t('changePassword.mismatch'),
            })}
          />
          <Button type="submit" loading={isSubmitting}>
            {t('changePassword.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
